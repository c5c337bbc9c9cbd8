"""Storage of the framing slice: one row per mark of framing (table `framing_items`), the
`framing.jsonl` export record (one object per document), and the queries behind
`crosswire framing`: a story's outlets side by side, and one actor's labels over time."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from crosswire.kb.storage import entity_ref
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, on_new_text, table, writes
from crosswire.store.queries import insert_sql, rows_for
from crosswire.store.sql import SQLStore
from crosswire.stories.storage import get_story

table("framing_items", """CREATE TABLE IF NOT EXISTS framing_items (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value TEXT NOT NULL,
    entity_id TEXT,
    quote_id TEXT,
    voice TEXT NOT NULL,
    stance TEXT,
    about TEXT,
    term_start INTEGER,
    term_end INTEGER,
    score REAL,
    produced_by TEXT NOT NULL,
    PRIMARY KEY (doc_id, kind, start, "end", value)
)""")

_COLUMNS = ("kind", "start", "end", "value", "entity_id", "quote_id", "voice", "stance", "about", "term_start", "term_end", "score")
# Sentences shorter than this (a byline, "He said.") are not worth listing as an outlet's own.
_SUBSTANTIAL = 40


@writes("framing")
def write_framing(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM framing_items WHERE doc_id = ?", (doc_id,))
    rows = {}
    for f in value:
        term = f["term"] or {}
        rows[(f["kind"], f["start"], f["end"], f["value"])] = (
            doc_id, f["kind"], f["start"], f["end"], f["value"], f["entity_id"], f["quote_id"], f["voice"], f["stance"], f["about"],
            term.get("start"), term.get("end"), f["score"], produced_by)
    conn.executemany(insert_sql("framing_items", ("doc_id", *_COLUMNS, "produced_by")), list(rows.values()))


@on_new_text
def forget_framing(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    conn.execute("DELETE FROM framing_items WHERE doc_id = ?", (doc_id,))


def _voice(r: Any) -> dict[str, Any]:
    return {"voice": r["voice"], "quote_id": r["quote_id"]}


def _record(doc: Any, items: list[Any], names: dict[str, str], relays: dict[str, str]) -> dict[str, Any]:
    """One document's framing, shaped by the export contract: every item with its span and words."""
    text = doc["text"]
    record: dict[str, Any] = {"doc_id": doc["id"], "outlet": doc["outlet"], "lang": doc["lang"],
                              "published": doc["published"], "frames": [], "frame_scores": [], "labels": [],
                              "markers": [], "loaded_terms": [], "attributions": [], "voices": []}
    for r in items:
        span = {"start": r["start"], "end": r["end"], "text": text[r["start"]:r["end"]]}
        term = [r["term_start"], r["term_end"]] if r["term_start"] is not None else None
        if r["kind"] == "frame":
            record["frames"].append(r["value"])
            record["frame_scores"].append({"frame": r["value"], "score": r["score"], **span})
        elif r["kind"] == "label":
            record["labels"].append({**span, "entity_id": r["entity_id"], "actor": names.get(r["entity_id"]),
                                     "actor_span": term, **_voice(r)})
        elif r["kind"] == "marker":
            record["markers"].append({**span, "kind": r["value"], "term": text[term[0]:term[1]] if term else None,
                                      "term_span": term})
        elif r["kind"] == "loaded_term":
            record["loaded_terms"].append({**span, "term": r["value"], "stance": r["stance"], "about": r["about"],
                                           **_voice(r)})
        elif r["kind"] == "attribution":
            record["attributions"].append({**span, "tone": r["stance"], "speaker_entity_id": r["entity_id"],
                                           "speaker": names.get(r["entity_id"]), "quote_id": r["quote_id"]})
        elif r["kind"] == "voice":
            record["voices"].append({**span, "speaker": names.get(r["entity_id"]) or r["value"] or None,
                                     "speaker_entity_id": r["entity_id"], "speaker_span": term, "share": r["score"],
                                     "kind": r["about"], "via": relays.get(r["quote_id"]), "quote_id": r["quote_id"]})
    record["frame_scores"].sort(key=lambda f: -f["score"])
    record["frames"] = [f["frame"] for f in record["frame_scores"]]
    return record


def _names(store: SQLStore, items: list[Any]) -> dict[str, str]:
    ids = sorted({r["entity_id"] for r in items if r["entity_id"]})
    return {r[0]: r[1] for r in rows_for(store, "SELECT id, name FROM entities WHERE id IN ({ids})", ids)}


def framing_of(store: SQLStore, doc_ids: list[str]) -> list[dict[str, Any]]:
    """The framing records of these documents, in the order given."""
    items: dict[str, list[Any]] = defaultdict(list)
    for r in rows_for(store, 'SELECT * FROM framing_items WHERE doc_id IN ({ids}) ORDER BY doc_id, start, "end", kind',
                      doc_ids):
        items[r["doc_id"]].append(r)
    names = _names(store, [r for rows in items.values() for r in rows])
    docs = {r["id"]: r for r in rows_for(store, "SELECT id, text, outlet, lang, published FROM documents"
                                         " WHERE id IN ({ids})", doc_ids)}
    relays = {r[0]: r[1] for r in rows_for(store, "SELECT q.id, coalesce(e.name, q.via) FROM quotes q LEFT JOIN entities e"
                                           " ON e.id = q.via WHERE q.doc_id IN ({ids}) AND q.via IS NOT NULL", doc_ids)}
    return [_record(docs[d], items[d], names, relays) for d in doc_ids if d in docs]


@exports("framing")
def export_framing(store: SQLStore) -> Iterator[dict[str, Any]]:
    """`framing.jsonl`: one object per document the framing stage has read."""
    ids = [r[0] for r in store.conn.execute("SELECT DISTINCT doc_id FROM framing_items ORDER BY doc_id")]
    for start in range(0, len(ids), 200):
        yield from framing_of(store, ids[start:start + 200])


def _own_sentences(store: SQLStore, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each document's substantial sentences that no linked member of the group aligns with:
    what this outlet says and the others do not (from the link stage's aligned pairs)."""
    aligned: dict[str, set[tuple[int, int]]] = defaultdict(set)
    members = set(doc_ids)
    for r in rows_for(store, "SELECT a, b, evidence FROM links WHERE a IN ({ids})", doc_ids):
        if r["b"] in members:
            for p in json.loads(r["evidence"] or "[]"):
                aligned[r["a"]].add(tuple(p["a"]))
                aligned[r["b"]].add(tuple(p["b"]))
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows_for(store, 'SELECT s.doc_id, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) AS text'
                      " FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE s.doc_id IN ({ids})"
                      " ORDER BY s.doc_id, s.idx", doc_ids):
        if (r["start"], r["end"]) not in aligned[r["doc_id"]] and len(r["text"].strip()) >= _SUBSTANTIAL:
            own[r["doc_id"]].append({"start": r["start"], "end": r["end"], "text": r["text"]})
    return own


def sources(voices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whose words the outlet carries, most quoted first: each speaker (and whoever relayed
    them) with how many quotes and what share of the text they take."""
    found: dict[str, dict[str, Any]] = {}
    for v in voices:
        who = (v["speaker"] or "unattributed") + (f" via {v['via']}" if v["via"] else "")
        entry = found.setdefault(who, {"speaker": who, "quotes": 0, "share": 0.0})
        entry["quotes"] += 1
        entry["share"] = round(entry["share"] + (v["share"] or 0.0), 4)
    return sorted(found.values(), key=lambda e: (-e["quotes"], -e["share"], e["speaker"]))


def story_framing(store: SQLStore, ref: str) -> dict[str, Any]:
    """A story's outlets side by side: each member's framing, the actors several of them
    label (with each outlet's words for them), and what each says that the others do not."""
    story = get_story(store, ref)
    ids = [m["id"] for m in story["members"]]
    records = framing_of(store, ids)
    own = _own_sentences(store, ids)
    for record in records:
        record["only_here"] = own.get(record["doc_id"], [])
        record["sources"] = sources(record["voices"])
    shared: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for record in records:
        for label in record["labels"]:
            if label["entity_id"] and label["voice"] == "outlet":
                shared[label["entity_id"]][record["doc_id"]].append(label["text"])
                names[label["entity_id"]] = label["actor"]
    return {"story": {k: story[k] for k in ("id", "title")}, "documents": records,
            "shared_actors": [{"entity_id": e, "name": names.get(e) or e, "labels": dict(by_doc)}
                              for e, by_doc in sorted(shared.items()) if len(by_doc) > 1]}


def actor_framing(store: SQLStore, ref: str) -> dict[str, Any]:
    """How each outlet names one actor over time: the labels standing with its mentions, by
    document, oldest first."""
    actor = entity_ref(store, ref)
    rows = store.conn.execute(
        'SELECT f.doc_id, f.start, f."end", f.quote_id, f.voice, substr(d.text, f.start + 1, f."end" - f.start) AS text,'
        " d.outlet, d.lang, d.published FROM framing_items f JOIN documents d ON d.id = f.doc_id"
        " WHERE f.kind = 'label' AND f.entity_id = ? ORDER BY d.published IS NULL, d.published, f.doc_id, f.start",
        (actor["id"],)).fetchall()
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        doc = found.setdefault(r["doc_id"], {"doc_id": r["doc_id"], "outlet": r["outlet"], "lang": r["lang"],
                                             "published": r["published"], "labels": []})
        doc["labels"].append({"start": r["start"], "end": r["end"], "text": r["text"], **_voice(r)})
    return {"actor": {"id": actor["id"], "name": actor["name"]}, "documents": list(found.values())}
