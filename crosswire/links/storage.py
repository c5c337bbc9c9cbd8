"""The links slice's storage: each document's anchors and LSH bands (with their document
frequencies, kept in step), the candidates a document is compared with, the links found,
the `links` export records, and one document's links."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.columns import pair
from crosswire.documents.storage import sentences_of
from crosswire.links.candidates import candidates
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, loads, on_new_text, writes
from crosswire.store.queries import CHUNK, key_counts, keys_of
from crosswire.store.sql import SQLStore


def oriented(pairs: list[dict], keep: bool) -> list[dict]:
    """Evidence is written from the finding document's side; store it in (a, b) order."""
    return pairs if keep else [{**pair, "a": pair["b"], "b": pair["a"]} for pair in pairs]


def _stored(pairs: list[dict]) -> str:
    """Aligned pairs as the table keeps them: spans as JSON pairs (the export contract's shape)."""
    return json.dumps([{"a": pair(p["a"]), "b": pair(p["b"]), "score": p["score"]} for p in pairs], ensure_ascii=False)


def links_of(store: SQLStore, doc_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT l.a, l.b, l.kind, l.score, l.evidence, d.id AS other, d.title, d.lang, d.outlet, d.published"
        " FROM links l JOIN documents d ON d.id = CASE WHEN l.a = ? THEN l.b ELSE l.a END"
        " WHERE l.a = ? OR l.b = ? ORDER BY l.score DESC", (doc_id, doc_id, doc_id))
    return [{"other": r["other"], "kind": r["kind"], "score": r["score"], "title": r["title"], "lang": r["lang"],
             "outlet": r["outlet"], "published": r["published"],
             "evidence": oriented(json.loads(r["evidence"]), r["a"] == doc_id)} for r in rows]


@loads("anchors")
def load_anchors(store: SQLStore, rows: dict[str, dict]) -> None:
    found = keys_of(store.conn, "doc_anchors", list(rows))
    for row in rows.values():
        row["anchors"] = found[row["doc_id"]]


@loads("lsh_bands")
def load_lsh_bands(store: SQLStore, rows: dict[str, dict]) -> None:
    found = keys_of(store.conn, "doc_bands", list(rows))
    for row in rows.values():
        row["lsh_bands"] = found[row["doc_id"]]


@loads("corpus_size")
def load_corpus_size(store: SQLStore, rows: dict[str, dict]) -> None:
    size = store.conn.execute("SELECT count(*) FROM doc_vectors").fetchone()[0]
    for row in rows.values():
        row["corpus_size"] = size


@loads("candidates")
def load_candidates(store: SQLStore, rows: dict[str, dict]) -> None:
    """Possible partners of each document, without comparing against the whole corpus:
    LSH band collisions, shared rare anchors and nearest document vectors."""
    found = {row["doc_id"]: candidates(store.conn, store.vectors(), row["doc_id"], row["_rowid"]) for row in rows.values()}
    wanted = sorted({c for ids in found.values() for c in ids})
    sentences, anchors = sentences_of(store, wanted), keys_of(store.conn, "doc_anchors", wanted)
    records: dict[str, dict] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for c in store.conn.execute(
                f"SELECT id AS doc_id, lang, published, text FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            records[c["doc_id"]] = {**dict(c), "sentences": sentences[c["doc_id"]], "anchors": anchors[c["doc_id"]]}
    for row in rows.values():
        row["candidates"] = [records[c] for c in found[row["doc_id"]]]


@loads("anchor_counts")
def load_anchor_counts(store: SQLStore, rows: dict[str, dict]) -> None:
    """Document frequency of every anchor the batch's documents and candidates carry."""
    own = keys_of(store.conn, "doc_anchors", list(rows))
    keys = {doc_id: set(own[doc_id]).union(*(other["anchors"] for other in (row.get("candidates") or [])
                                              + (row.get("neighbours") or []))) for doc_id, row in rows.items()}
    for doc_id, counts in key_counts(store.conn, "anchor_df", keys).items():
        rows[doc_id]["anchor_counts"] = counts


def _write_keys(store: SQLStore, conn: Connection, table: str, doc_id: str, keys: list[str]) -> None:
    conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    conn.executemany(f"INSERT INTO {table} (doc_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING", [(doc_id, k) for k in keys])


@writes("anchors")
def write_anchors(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("UPDATE anchor_df SET n = n - 1 WHERE key IN (SELECT key FROM doc_anchors WHERE doc_id = ?)", (doc_id,))
    _write_keys(store, conn, "doc_anchors", doc_id, value)
    conn.executemany("INSERT INTO anchor_df (key, n) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = anchor_df.n + 1",
                     [(k,) for k in set(value)])


@writes("lsh_bands")
def write_lsh_bands(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    _write_keys(store, conn, "doc_bands", doc_id, value)


@writes("links")
def write_links(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    """Links this document's run found replace the ones its earlier run found."""
    conn.execute("DELETE FROM links WHERE found_by = ?", (doc_id,))
    conn.executemany("DELETE FROM links WHERE a = ? AND b = ?", [sorted((doc_id, link["other"])) for link in value])
    conn.executemany(
        "INSERT INTO links (a, b, kind, score, evidence, produced_by, found_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (a, b, kind) DO UPDATE SET score = excluded.score, evidence = excluded.evidence,"
        " produced_by = excluded.produced_by, found_by = excluded.found_by",
        [(*sorted((doc_id, link["other"])), link["kind"], link["score"],
          _stored(oriented(link["evidence"], doc_id < link["other"])), produced_by, doc_id) for link in value],
    )


@exports("links")
def export_links(store: SQLStore) -> Iterator[dict[str, Any]]:
    for r in store.conn.execute("SELECT a, b, kind, score, evidence FROM links ORDER BY a, b, kind"):
        yield {"a": r["a"], "b": r["b"], "kind": r["kind"], "score": r["score"], "evidence": json.loads(r["evidence"])}


@on_new_text
def forget_links(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    """Anchors, bands and links pointed into the old text; the anchors' counts follow."""
    conn.execute("UPDATE anchor_df SET n = n - 1 WHERE key IN (SELECT key FROM doc_anchors WHERE doc_id = ?)", (doc_id,))
    for table in ("doc_anchors", "doc_bands"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM links WHERE a = ? OR b = ?", (doc_id, doc_id))
