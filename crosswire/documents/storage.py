"""The documents slice's storage: what cleaning, language and metadata find beside the
text (paragraphs with their language, metadata fields with their spans), each outlet's
learned boilerplate, the sentences with their vectors and anchors (what links, events and
quotes read), and the documents export."""
from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from typing import Any

from crosswire.model import Article
from crosswire.store.base import Connection
from crosswire.store.handlers import (
    exports,
    loads,
    on_new_documents,
    on_new_text,
    writes,
)
from crosswire.store.queries import CHUNK
from crosswire.store.sql import SQLStore
from crosswire.text.normalize import line_signature, short_hash

# A short line is boilerplate for an outlet when it recurs in at least this many of its
# documents and in this share of them.
BOILERPLATE_MIN_DOCS = 3
BOILERPLATE_MIN_SHARE = 0.1


def fields_of(store: SQLStore, doc_id: str) -> list[dict[str, Any]]:
    """Metadata fields (key, value, span, basis) in the order they were found."""
    rows = store.conn.execute('SELECT key, value, start, "end", basis, produced_by FROM doc_fields WHERE doc_id = ? ORDER BY rowid',
                              (doc_id,))
    return [dict(r) for r in rows]


def raw_inputs_of(store: SQLStore, doc_id: str) -> list[dict[str, Any]]:
    """Each source's raw input, decoded: what the reader was given, to check what cleaning did."""
    rows = store.conn.execute("SELECT source, reader, encoding, raw FROM sources WHERE doc_id = ? ORDER BY ingested_at", (doc_id,))
    return [{**dict(r), "raw": zlib.decompress(r["raw"]).decode("utf-8")} for r in rows]


def paragraphs_of(store: SQLStore, doc_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute('SELECT idx, start, "end", lang, score FROM paragraphs WHERE doc_id = ? ORDER BY idx', (doc_id,))
    return [dict(r) for r in rows]


@loads("hints")
def load_hints(store: SQLStore, rows: dict[str, dict]) -> None:
    """What the source said of each document (language, date, author…), kept as a JSON
    object, handed to stages as a map."""
    doc_ids = list(rows)
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start:start + CHUNK]
        for r in store.conn.execute(f"SELECT id, hints FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            rows[r["id"]]["hints"] = json.loads(r["hints"] or "{}")


@loads("fields")
def load_fields(store: SQLStore, rows: dict[str, dict]) -> None:
    for row in rows.values():
        row["fields"] = fields_of(store, row["doc_id"])


@loads("paragraphs")
def load_paragraphs(store: SQLStore, rows: dict[str, dict]) -> None:
    for row in rows.values():
        row["paragraphs"] = paragraphs_of(store, row["doc_id"])


@writes("paragraphs")
def write_paragraphs(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        'INSERT INTO paragraphs (doc_id, idx, start, "end", lang, score, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(doc_id, i, p["start"], p["end"], p["lang"], p["score"], produced_by) for i, p in enumerate(value)],
    )


@writes("fields")
def write_fields(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM doc_fields WHERE doc_id = ? AND produced_by LIKE ? || '@%'", (doc_id, stage))
    conn.executemany(
        'INSERT INTO doc_fields (doc_id, key, value, start, "end", basis, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(doc_id, f["key"], f["value"], f["start"], f["end"], f["basis"], produced_by) for f in value],
    )


@on_new_text
def forget_text_annotations(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    """Paragraphs and fields found in the old text point into it; fields from the reader's
    metadata, and the changing stage's own, stay."""
    conn.execute("DELETE FROM paragraphs WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM doc_fields WHERE doc_id = ? AND basis = 'text' AND produced_by NOT LIKE ? || '@%'", (doc_id, stage))


def boilerplate_lines(conn: Connection, outlet_key: str) -> list[str]:
    """Signatures of the short lines that recur across an outlet's documents."""
    total = conn.execute("SELECT doc_count FROM outlets WHERE outlet_key = ?", (outlet_key,)).fetchone()
    if total is None:
        return []
    threshold = max(BOILERPLATE_MIN_DOCS, math.ceil(BOILERPLATE_MIN_SHARE * total[0]))
    rows = conn.execute(
        "SELECT line_hash FROM line_stats WHERE outlet_key = ? AND doc_count >= ? ORDER BY line_hash",
        (outlet_key, threshold),
    )
    return [r[0] for r in rows]


@on_new_documents
def learn_boilerplate(store: SQLStore, conn: Connection, added: dict[str, Article]) -> None:
    """Count each new document's short lines per outlet; an outlet whose boilerplate changes
    gets a new boilerplate hash, which makes its documents pending for cleaning again."""
    for article in added.values():
        signatures = {s for s in map(line_signature, article.body.split("\n")) if s}
        conn.executemany(
            "INSERT INTO line_stats (outlet_key, line_hash, doc_count) VALUES (?, ?, 1)"
            " ON CONFLICT (outlet_key, line_hash) DO UPDATE SET doc_count = line_stats.doc_count + 1",
            [(article.outlet_key, s) for s in signatures],
        )
        conn.execute(
            "INSERT INTO outlets (outlet_key, doc_count) VALUES (?, 1)"
            " ON CONFLICT (outlet_key) DO UPDATE SET doc_count = outlets.doc_count + 1",
            (article.outlet_key,),
        )
    for outlet_key in sorted({a.outlet_key for a in added.values()}):
        lines = boilerplate_lines(conn, outlet_key)
        conn.execute("UPDATE outlets SET boilerplate_hash = ? WHERE outlet_key = ?",
                     (short_hash(",".join(lines)) if lines else "", outlet_key))


@loads("repeated_lines")
def load_repeated_lines(store: SQLStore, rows: dict[str, dict]) -> None:
    lines = {key: boilerplate_lines(store.conn, key) for key in {r["outlet_key"] for r in rows.values()}}
    for row in rows.values():
        row["repeated_lines"] = lines[row["outlet_key"]]


def sentences_of(store: SQLStore, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in doc_ids}
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start:start + CHUNK]
        for r in store.conn.execute(
                f'SELECT doc_id, start, "end", vector, anchors FROM sentences WHERE doc_id IN ({",".join("?" * len(chunk))})'
                " ORDER BY doc_id, idx", chunk):
            found[r["doc_id"]].append({"start": r["start"], "end": r["end"], "vector": r["vector"],
                                       "anchors": r["anchors"].split()})
    return found


@loads("sentences")
def load_sentences(store: SQLStore, rows: dict[str, dict]) -> None:
    found = sentences_of(store, list(rows))
    for row in rows.values():
        row["sentences"] = found[row["doc_id"]]


@writes("sentences")
def write_sentences(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        'INSERT INTO sentences (doc_id, idx, start, "end", vector, anchors, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(doc_id, i, s["start"], s["end"], s["vector"], " ".join(s["anchors"]), produced_by) for i, s in enumerate(value)],
    )


@on_new_text
def forget_sentences(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))


@exports("documents")
def export_documents(store: SQLStore) -> Iterator[dict[str, Any]]:
    """Documents as analysed, and under `ingest` what ingesting them again needs to rebuild
    each one exactly (same id, same analysis): the body as ingested when cleaning changed it,
    what the source said about it (`hints`: date, language…), and the key that groups its
    site's documents."""
    for row in store.conn.execute("SELECT * FROM documents ORDER BY rowid"):
        doc = store.document(row)
        metadata: dict[str, list[str]] = {}
        for f in fields_of(store, doc.id):
            metadata.setdefault(f["key"], []).append(f["value"])
        paragraphs = paragraphs_of(store, doc.id)
        yield {
            "id": doc.id, "sources": doc.sources, "title": doc.title, "text": doc.text, "lang": doc.lang,
            "published": doc.published, "published_precision": doc.published_precision, "outlet": doc.outlet,
            "relayed_from": doc.relayed_from, "url": doc.url, "ingested_at": doc.ingested_at,
            "paragraph_langs": [p["lang"] for p in paragraphs], "metadata": metadata,
            "ingest": {"body": row["body"] if row["body"] != doc.text else None, "hints": json.loads(row["hints"] or "{}"),
                       "outlet_key": row["outlet_key"]},
        }
