"""The documents slice's storage: the sentences of each document with their vectors and
anchors (what links, events and quotes read), and what the store keeps beside the text."""
from __future__ import annotations

import sqlite3
from typing import Any

from crosswire.store.candidates import CHUNK
from crosswire.store.handlers import loads, on_new_text, writes
from crosswire.store.sqlite import SQLiteStore


def sentences_of(store: SQLiteStore, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
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
def load_sentences(store: SQLiteStore, rows: dict[str, dict]) -> None:
    found = sentences_of(store, list(rows))
    for row in rows.values():
        row["sentences"] = found[row["doc_id"]]


@writes("sentences")
def write_sentences(store: SQLiteStore, conn: sqlite3.Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        'INSERT INTO sentences (doc_id, idx, start, "end", vector, anchors, produced_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(doc_id, i, s["start"], s["end"], s["vector"], " ".join(s["anchors"]), produced_by) for i, s in enumerate(value)],
    )


@on_new_text
def forget_sentences(store: SQLiteStore, conn: sqlite3.Connection, doc_id: str) -> None:
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
