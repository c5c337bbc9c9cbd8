"""Storage of the aliases slice: the names two aligned sentences hold (the column the
`aliases` stage reads) and the evidence it finds (table `alias_evidence`, one row per
aligned sentence pair and pair of actors, kept under the document whose link it is)."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from crosswire.columns import span
from crosswire.kb.storage import SURFACE
from crosswire.store.base import Connection
from crosswire.store.handlers import forgets, loads, table, writes
from crosswire.store.queries import rows_for
from crosswire.store.sql import SQLStore

table("alias_evidence", """CREATE TABLE IF NOT EXISTS alias_evidence (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    other TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    link TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_a TEXT NOT NULL,
    entity_b TEXT NOT NULL,
    lang_a TEXT,
    lang_b TEXT,
    a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL,
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    name_a TEXT NOT NULL,
    name_b TEXT NOT NULL,
    produced_by TEXT NOT NULL,
    PRIMARY KEY (doc_id, other, a_start, b_start, entity_a, entity_b)
)""")


def _names(store: SQLStore, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Resolved mentions of each document, in text order, with their words."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows_for(store, f'SELECT m.doc_id, m.start, m."end", m.kind, m.entity_id, {SURFACE} AS text FROM mentions m'
                      " JOIN documents d ON d.id = m.doc_id WHERE m.doc_id IN ({ids}) AND m.entity_id IS NOT NULL"
                      " ORDER BY m.doc_id, m.start", doc_ids):
        found[r["doc_id"]].append({k: r[k] for k in ("entity_id", "kind", "start", "end", "text")})
    return found


def _sentences(store: SQLStore, doc_ids: list[str]) -> dict[str, list[dict[str, int]]]:
    """Each document's sentence spans (without the vectors `sentences_of` also reads)."""
    found: dict[str, list[dict[str, int]]] = defaultdict(list)
    for r in rows_for(store, 'SELECT doc_id, start, "end" FROM sentences WHERE doc_id IN ({ids}) ORDER BY doc_id, idx',
                      doc_ids):
        found[r["doc_id"]].append({"start": r["start"], "end": r["end"]})
    return found


@loads("linked_names")
def load_linked_names(store: SQLStore, rows: dict[str, dict]) -> None:
    """Each link a document's run found, with what the `aliases` stage compares: the aligned
    sentence pairs (this document's sentence first), and both documents' sentences and
    resolved names."""
    ids = list(rows)
    links = store.conn.execute(
        f"SELECT a, b, kind, evidence, found_by FROM links WHERE found_by IN ({','.join('?' * len(ids))})"
        " ORDER BY found_by, a, b, kind", ids).fetchall()
    others = sorted({r["b"] if r["a"] == r["found_by"] else r["a"] for r in links})
    every = sorted(set(ids) | set(others)) if links else []
    names, sentences = _names(store, every), _sentences(store, every)
    langs = {r[0]: r[1] for r in rows_for(store, "SELECT id, lang FROM documents WHERE id IN ({ids})", others)}
    for row in rows.values():
        row["linked_names"] = []
    for r in links:
        this = r["found_by"]
        other, flip = (r["b"], False) if r["a"] == this else (r["a"], True)
        pairs = [{"a": span(p["b"] if flip else p["a"]), "b": span(p["a"] if flip else p["b"]), "score": p["score"]}
                 for p in json.loads(r["evidence"])]
        rows[this]["linked_names"].append({
            "other": other, "other_lang": langs.get(other), "link": r["kind"], "pairs": pairs,
            "sentences_a": sentences[this], "sentences_b": sentences[other], "names_a": names[this],
            "names_b": names[other]})


@writes("alias_evidence")
def write_alias_evidence(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    """The evidence of a document's links replaces what its earlier run found."""
    conn.execute("DELETE FROM alias_evidence WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        "INSERT INTO alias_evidence (doc_id, other, link, kind, entity_a, entity_b, lang_a, lang_b, a_start, a_end,"
        " b_start, b_end, name_a, name_b, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(doc_id, e["other"], e["link"], e["kind"], e["entity_a"], e["entity_b"], e["lang_a"], e["lang_b"],
          e["a"]["start"], e["a"]["end"], e["b"]["start"], e["b"]["end"], e["name_a"], e["name_b"], produced_by)
         for e in value])


@forgets("aliases")
def forget_alias_evidence(store: SQLStore, conn: Connection) -> None:
    conn.execute("DELETE FROM alias_evidence")
