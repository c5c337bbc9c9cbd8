"""A document's clean text cut into pieces at every edge of its annotations, so a page can
mark entities, quotes and event triggers, each piece linked to the record behind it."""
from __future__ import annotations

import json
from typing import Any

from crosswire.documents.storage import paragraphs_of
from crosswire.store.sql import SQLStore

# Scripts written right to left, by language code: their paragraphs get dir="rtl".
RIGHT_TO_LEFT = {"ar", "arz", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}
# Which record a piece links to when several cover it: the most specific first.
_PRECEDENCE = {"entity": 0, "event": 1, "quote": 2}


def annotations(store: SQLStore, doc_id: str) -> list[dict[str, Any]]:
    """Every mention, quote part and event trigger of the document, with what it links to."""
    found = [{"kind": "entity", "start": r["start"], "end": r["end"], "label": r["name"] or r["kind"],
              "href": f"/actors/{r['entity_id']}" if r["entity_id"] else None, "class": f"entity {r['kind']}"}
             for r in store.conn.execute(
                 'SELECT m.start, m."end", m.kind, m.entity_id, e.name FROM mentions m'
                 " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ? ORDER BY m.start", (doc_id,))]
    for r in store.conn.execute('SELECT q.id, q.start, q."end", q.kind, q.parts, e.name FROM quotes q'
                                " LEFT JOIN entities e ON e.id = q.speaker_entity_id WHERE q.doc_id = ?", (doc_id,)):
        for start, end in json.loads(r["parts"]) or [(r["start"], r["end"])]:
            found.append({"kind": "quote", "start": start, "end": end, "href": f"/quotes/{r['id']}",
                          "label": f"{r['kind']} quote" + (f" of {r['name']}" if r["name"] else ""), "class": "quote"})
    for r in store.conn.execute("SELECT id, type, modality, start, trigger_start, trigger_end FROM events WHERE doc_id = ?",
                                (doc_id,)):
        if r["trigger_start"] is not None:
            found.append({"kind": "event", "start": r["trigger_start"], "end": r["trigger_end"],
                          "href": f"/events/{r['id']}", "label": f"{r['type']} ({r['modality']})",
                          "class": f"event {r['type'].lower()}"})
    return found


def pieces(text: str, start: int, end: int, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`text[start:end]` in pieces; each piece lists the annotations covering it, and links
    to the most specific one."""
    inside = [m for m in marks if m["start"] < end and m["end"] > start and m["end"] > m["start"]]
    edges = sorted({start, end, *(max(start, m["start"]) for m in inside), *(min(end, m["end"]) for m in inside)})
    out = []
    for a, b in zip(edges, edges[1:]):
        covering = sorted((m for m in inside if m["start"] <= a and m["end"] >= b),
                          key=lambda m: (_PRECEDENCE[m["kind"]], m["end"] - m["start"]))
        out.append({"text": text[a:b], "start": a,
                    "classes": " ".join(sorted({c for m in covering for c in m["class"].split()})),
                    "href": next((m["href"] for m in covering if m["href"]), None),
                    "title": "; ".join(dict.fromkeys(m["label"] for m in covering))})
    return out


def annotated_text(store: SQLStore, doc_id: str, text: str, lang: str | None) -> list[dict[str, Any]]:
    """The document's paragraphs, each with its language (the document's where a paragraph
    has none of its own), direction and marked pieces."""
    marks = annotations(store, doc_id)
    paragraphs = paragraphs_of(store, doc_id) or [{"start": 0, "end": len(text), "lang": None}]
    return [{"lang": p["lang"] or lang, "dir": "rtl" if (p["lang"] or lang or "") in RIGHT_TO_LEFT else "auto",
             "pieces": pieces(text, p["start"], p["end"], marks)} for p in paragraphs]
