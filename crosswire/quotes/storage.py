"""The quotes slice's storage: its columns (quotes, their groups, the quotes of related
documents), its export records and its queries (listings, one quote with every rendering)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.columns import QUOTE, pair, span
from crosswire.kb.edits import reapply
from crosswire.kb.storage import entity_ref
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, forgets, loads, on_new_text, writes
from crosswire.store.queries import insert_sql, one_by_prefix, related_rows
from crosswire.store.sql import SQLStore

_QUOTE = ('SELECT q.*, substr(d.text, q.start + 1, q."end" - q.start) AS text, d.lang, d.outlet, d.published, d.title,'
          " d.relayed_from, sp.name AS speaker_name, v.name AS via_name,"
          ' substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start) AS speaker_text,'
          ' substr(d.text, q.cue_start + 1, q.cue_end - q.cue_start) AS cue_text'
          " FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN entities sp ON sp.id = q.speaker_entity_id"
          " LEFT JOIN entities v ON v.id = q.via")


def _record(row: Any) -> dict[str, Any]:
    record = {k: row[k] for k in row.keys() if k not in ("produced_by", "vector")}
    record["parts"] = json.loads(row["parts"])
    record["evidence"] = json.loads(row["evidence"])
    return record


def _stored(quote: dict[str, Any]) -> dict[str, Any]:
    """The quote record as its table keeps it: spans as JSON pairs, evidence as a JSON object
    holding only what was found (the export contract's shape)."""
    found = quote["evidence"]
    evidence = {"speaker": found["speaker"], "antecedent": pair(found["antecedent"]),
                "fragments": [pair(f) for f in found["fragments"]] if found["fragments"] else None}
    return {**quote, "parts": json.dumps([pair(p) for p in quote["parts"]]),
            "evidence": json.dumps({k: v for k, v in evidence.items() if v is not None})}


def _typed(row: Any) -> dict[str, Any]:
    """The stored quote as its Arrow record (`columns.QUOTE`)."""
    evidence = json.loads(row["evidence"])
    return {**{k: row[k] for k in QUOTE.names if k not in ("parts", "evidence")},
            "parts": [span(p) for p in json.loads(row["parts"])],
            "evidence": {"speaker": evidence["speaker"], "antecedent": span(evidence.get("antecedent")),
                         "fragments": [span(f) for f in evidence["fragments"]] if evidence.get("fragments") else None}}


@loads("quotes")
def load_quotes(store: SQLStore, rows: dict[str, dict]) -> None:
    found: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in rows}
    for r in store.conn.execute(f"SELECT * FROM quotes WHERE doc_id IN ({','.join('?' * len(rows))}) ORDER BY doc_id, start",
                               list(rows)):
        found[r["doc_id"]].append(_typed(r))
    for row in rows.values():
        row["quotes"] = found[row["doc_id"]]


@writes("quotes")
def write_quotes(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM quotes WHERE doc_id = ?", (doc_id,))
    columns = ("id", "start", "end", "kind", "parts", "speaker_entity_id", "speaker_start", "speaker_end", "cue_start",
               "cue_end", "via", "via_start", "via_end", "score", "method", "evidence", "vector")
    conn.executemany(insert_sql("quotes", ("doc_id", *columns, "produced_by")),
                     [(doc_id, *(stored[c] for c in columns), produced_by) for stored in map(_stored, value)])
    reapply(conn, "quote_speaker", doc_id)


@writes("quote_groups")
def write_quote_groups(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.executemany("UPDATE quotes SET group_id = ? WHERE id = ? AND doc_id = ?",
                     [(g["group_id"], g["quote_id"], doc_id) for g in value])


@forgets("utterances")
def forget_groups(store: SQLStore, conn: Connection) -> None:
    """Groups are built in arrival order; recomputing them starts from none."""
    conn.execute("UPDATE quotes SET group_id = NULL")


@loads("related_quotes")
def load_related_quotes(store: SQLStore, rows: dict[str, dict]) -> None:
    """Quotes of the documents each document is linked to or shares a story with: where
    another rendering of one of its quotes would be."""
    for row in rows.values():
        row["related_quotes"] = related_rows(
            store.conn, "SELECT q.id, q.group_id, d.published, q.vector FROM quotes q JOIN documents d ON d.id = q.doc_id"
            " WHERE q.vector IS NOT NULL AND q.doc_id", row["doc_id"], "q.doc_id, q.start, q.id")


@exports("quotes")
def export_quotes(store: SQLStore) -> Iterator[dict[str, Any]]:
    sql = ('SELECT q.*, substr(d.text, q.start + 1, q."end" - q.start) AS text FROM quotes q'
           " JOIN documents d ON d.id = q.doc_id ORDER BY q.doc_id, q.start")
    for r in store.conn.execute(sql):
        yield {**{k: r[k] for k in r.keys() if k not in ("produced_by", "vector", "parts", "evidence")},
               "parts": json.loads(r["parts"]), "evidence": json.loads(r["evidence"])}


def list_quotes(store: SQLStore, speaker: str | None = None, contains: str | None = None, lang: str | None = None,
                limit: int = 50) -> list[dict[str, Any]]:
    """Quotes, newest documents first; `speaker` is an actor id or any of its names."""
    where, params = [], []
    if speaker:
        where.append("q.speaker_entity_id = ?")
        params.append(entity_ref(store, speaker)["id"])
    if contains:
        where.append('instr(lower(substr(d.text, q.start + 1, q."end" - q.start)), lower(?)) > 0')
        params.append(contains)
    if lang:
        where.append("d.lang = ?")
        params.append(lang)
    sql = _QUOTE + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.published DESC, q.doc_id, q.start LIMIT ?"
    return [_record(r) for r in store.conn.execute(sql, (*params, limit))]


def get_quote(store: SQLStore, ref: str) -> dict[str, Any]:
    """One quote by id or unambiguous prefix, with every rendering of its utterance
    (the quotes of its group), earliest published first."""
    quote = _record(one_by_prefix(store.conn, _QUOTE, "q.id", ref, "quote"))
    group = quote["group_id"] or quote["id"]
    quote["renderings"] = [_record(r) for r in store.conn.execute(
        _QUOTE + " WHERE (q.group_id = ? OR (q.group_id IS NULL AND q.id = ?))"
        " ORDER BY coalesce(d.published, '9999'), q.doc_id", (group, group))]
    quote["chain"] = [c for c in (quote["speaker_name"] or quote["speaker_text"] or "unattributed", quote["via_name"],
                                  quote["relayed_from"], quote["outlet"] or quote["doc_id"]) if c]
    return quote


@on_new_text
def forget_quotes(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    conn.execute("DELETE FROM quotes WHERE doc_id = ?", (doc_id,))
