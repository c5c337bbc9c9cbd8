"""What every SQL backend of the store shares: documents and their sources, stage runs,
batch load and apply, the vector index, exports. The SQL here is written once for SQLite
and PostgreSQL alike; a backend supplies its connection, transactions, migrations and
full-text search (`sqlite.py`, `postgres.py`).
"""
from __future__ import annotations

import json
import zlib
from abc import abstractmethod
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from crosswire.columns import DOCUMENT_COLUMNS
from crosswire.errors import StoreError
from crosswire.langdata.letters import strip_marks
from crosswire.model import Article, Document
from crosswire.store.base import AddResult, Connection, SearchHit, Store
from crosswire.store.handlers import (
    FORGETTERS,
    LOADERS,
    NEW_DOCUMENTS,
    NEW_TEXT,
    WRITERS,
    loads,
    writes,
)
from crosswire.store.queries import CHUNK
from crosswire.store.vectors import VectorIndex, rebuild_index
from crosswire.text.embed import from_bytes
from crosswire.text.normalize import document_id, short_hash

# What a stage's output depends on besides its own code: the text, the reader metadata and
# the outlet's learned boilerplate (kept by the documents slice), then the stage's upstream key.
_KEY_EXPR = "d.text_hash || ':' || d.meta_hash || ':' || COALESCE(o.boilerplate_hash, '') || ':' || ?"


def migrations() -> list[tuple[int, str]]:
    """The numbered schema migrations, written in the SQL both backends read (PostgreSQL
    translates the few types and tables SQLite names differently)."""
    folder = resources.files("crosswire.store") / "migrations"
    found = [(int(f.name.split("_", 1)[0]), f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".sql")]
    return sorted(found)


SCHEMA_VERSION = migrations()[-1][0]


def statements(sql: str) -> list[str]:
    """Split a migration into statements; migrations use no triggers, so ';' ends each one."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLStore(Store):
    conn: Any
    read_only: bool
    cache: dict[str, Any]          # what slices compute once per open store (the indexed KB)
    _vectors: VectorIndex | None

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Connection]:
        """One atomic write: every statement inside commits together or not at all."""

    @abstractmethod
    def vector_file(self) -> Path | None:
        """Where the vector index is cached between runs (None: rebuilt in memory on open)."""

    @abstractmethod
    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]: ...

    @abstractmethod
    def tables(self) -> dict[str, list[str]]:
        """crosswire's tables and the columns a copy carries (not the search index, the
        schema's bookkeeping or a row's position), for `store.copy`."""

    @abstractmethod
    def references(self) -> dict[str, set[str]]:
        """The tables each table's foreign keys point to."""

    @abstractmethod
    def in_written_order(self, table: str, columns: list[str]) -> str:
        """A query for the rows of `table`, in the order they were written where the table
        keeps one."""

    def after_copy(self, conn: Connection) -> None:
        """What a backend must set right after rows came in with their own keys."""

    def close(self) -> None:
        if self._vectors is not None and not self.read_only:
            self._vectors.save()
        self.conn.close()

    # -- documents ---------------------------------------------------------------

    def add_articles(self, articles: list[Article]) -> list[AddResult]:
        results: list[AddResult] = []
        added: dict[str, Article] = {}
        now = timestamp()
        with self.transaction() as conn:
            for article in articles:
                doc_id = document_id(article.body)
                row = conn.execute("SELECT title, url, outlet, hints FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    self._insert_document(conn, doc_id, article, now)
                    added[doc_id] = article
                else:
                    self._merge_metadata(conn, doc_id, row, article, now)
                conn.execute(
                    "INSERT INTO sources (doc_id, source, reader, encoding, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (doc_id, article.source, article.reader, article.encoding, zlib.compress(article.raw.encode("utf-8")), now),
                )
                results.append(AddResult(doc_id, row is None))
            for stored in NEW_DOCUMENTS:
                stored(self, conn, added)
        return results

    def _insert_document(self, conn: Connection, doc_id: str, article: Article, now: str) -> None:
        hints = json.dumps(_hints(article), sort_keys=True, ensure_ascii=False)
        rowid = conn.execute(
            "INSERT INTO documents (id, body, text, text_hash, meta_hash, title, outlet, outlet_key, url, hints,"
            " ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
            (
                doc_id, article.body, article.body, short_hash(article.body),
                short_hash(f"{article.title}|{article.url}|{article.outlet}|{hints}"),
                article.title, article.outlet, article.outlet_key, article.url, hints, now, now,
            ),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO docs_fts (rowid, title, text) VALUES (?, ?, ?)",
            (rowid, article.title or "", strip_marks(article.body)),
        )

    def _merge_metadata(self, conn: Connection, doc_id: str, row: Any, article: Article, now: str) -> None:
        """A second source of a stored article fills metadata the first one lacked."""
        hints = {**_hints(article), **json.loads(row["hints"])}
        merged = {
            "title": row["title"] or article.title,
            "url": row["url"] or article.url,
            "outlet": row["outlet"] or article.outlet,
            "hints": json.dumps(hints, sort_keys=True, ensure_ascii=False),
        }
        if merged == {k: row[k] for k in merged}:
            return
        meta_hash = short_hash(f"{merged['title']}|{merged['url']}|{merged['outlet']}|{merged['hints']}")
        conn.execute(
            "UPDATE documents SET title = ?, url = ?, outlet = ?, hints = ?, meta_hash = ?, updated_at = ? WHERE id = ?",
            (merged["title"], merged["url"], merged["outlet"], merged["hints"], meta_hash, now, doc_id),
        )

    def document(self, row: Any) -> Document:
        sources = [r[0] for r in self.conn.execute("SELECT source FROM sources WHERE doc_id = ? ORDER BY ingested_at, source", (row["id"],))]
        return Document(
            id=row["id"], text=row["text"], sources=sources, title=row["title"], lang=row["lang"],
            published=row["published"], published_precision=row["published_precision"], outlet=row["outlet"],
            relayed_from=row["relayed_from"], url=row["url"], ingested_at=row["ingested_at"],
        )

    def get_document(self, ref: str) -> Document:
        rows = (self.conn.execute("SELECT * FROM documents WHERE id = ?", (ref.lower(),)).fetchall()
                or self.conn.execute("SELECT * FROM documents WHERE id LIKE ? || '%' LIMIT 2", (ref.lower(),)).fetchall())
        if not rows:
            raise StoreError(self.location, f"no document with id {ref!r}")
        if len(rows) > 1:
            raise StoreError(self.location, f"id prefix {ref!r} matches several documents; give more characters")
        return self.document(rows[0])

    def list_documents(self, limit: int = 50, offset: int = 0, lang: str | None = None) -> list[Document]:
        where, args = ("WHERE lang = ?", [lang]) if lang else ("", [])
        rows = self.conn.execute(f"SELECT * FROM documents {where} ORDER BY rowid LIMIT ? OFFSET ?", (*args, limit, offset))
        return [self.document(r) for r in rows.fetchall()]

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- stages ------------------------------------------------------------------

    def pending(self, stage: str, version: int, upstream: str, after: tuple[str, ...] = ()) -> list[str]:
        blocked = (f" AND NOT EXISTS (SELECT 1 FROM stage_runs f WHERE f.doc_id = d.id AND f.error IS NOT NULL"
                   f" AND f.stage IN ({','.join('?' * len(after))}))") if after else ""
        rows = self.conn.execute(
            "SELECT d.id FROM documents d LEFT JOIN outlets o ON o.outlet_key = d.outlet_key"
            " LEFT JOIN stage_runs r ON r.doc_id = d.id AND r.stage = ?"
            f" WHERE (r.doc_id IS NULL OR r.version != ? OR r.input_key != ({_KEY_EXPR})){blocked} ORDER BY d.rowid",
            (stage, version, upstream, *after),
        )
        return [r[0] for r in rows]

    def stage_status(self, stage: str, version: int, upstream: str) -> dict[str, int]:
        row = self.conn.execute(
            "SELECT count(*) FILTER (WHERE r.doc_id IS NULL) AS new,"
            f" count(*) FILTER (WHERE r.version != ? OR r.input_key != ({_KEY_EXPR})) AS stale,"
            f" count(*) FILTER (WHERE r.version = ? AND r.input_key = ({_KEY_EXPR}) AND r.error IS NULL) AS current,"
            f" count(*) FILTER (WHERE r.version = ? AND r.input_key = ({_KEY_EXPR}) AND r.error IS NOT NULL) AS failed"
            " FROM documents d LEFT JOIN outlets o ON o.outlet_key = d.outlet_key"
            " LEFT JOIN stage_runs r ON r.doc_id = d.id AND r.stage = ?",
            (version, upstream, version, upstream, version, upstream, stage)).fetchone()
        return {k: row[k] for k in ("current", "stale", "new", "failed")}

    def record_failure(self, stage: str, version: int, upstream: str, doc_id: str, reason: str) -> None:
        with self.transaction() as conn:
            self._record_run(conn, stage, version, upstream, doc_id, reason)

    def _record_run(self, conn: Connection, stage: str, version: int, upstream: str, doc_id: str,
                    error: str | None) -> None:
        conn.execute(
            "INSERT INTO stage_runs (doc_id, stage, version, input_key, ran_at, error)"
            f" SELECT d.id, ?, ?, {_KEY_EXPR}, ?, ? FROM documents d LEFT JOIN outlets o ON o.outlet_key = d.outlet_key"
            " WHERE d.id = ? ON CONFLICT (doc_id, stage) DO UPDATE SET version = excluded.version,"
            " input_key = excluded.input_key, ran_at = excluded.ran_at, error = excluded.error",
            (stage, version, upstream, timestamp(), error, doc_id),
        )

    def failures(self, stage: str | None = None) -> list[dict[str, Any]]:
        where, args = ("AND r.stage = ?", (stage,)) if stage else ("", ())
        rows = self.conn.execute(
            "SELECT r.doc_id, d.title, r.stage, r.error AS reason, r.ran_at AS at FROM stage_runs r"
            f" JOIN documents d ON d.id = r.doc_id WHERE r.error IS NOT NULL {where} ORDER BY r.ran_at, r.doc_id", args)
        return [dict(r) for r in rows]

    def load_rows(self, doc_ids: list[str], columns: tuple[str, ...]) -> list[dict[str, Any]]:
        names = ("doc_id", *[c for c in columns if c != "doc_id"])
        stored = [c for c in names if c not in LOADERS and c not in ("doc_id", "outlet_key")]
        select = ", ".join(["id AS doc_id", "rowid AS _rowid", "outlet_key", *[f'"{c}"' for c in stored]])
        marks = ",".join("?" * len(doc_ids))
        rows = {r["doc_id"]: dict(r) for r in self.conn.execute(f"SELECT {select} FROM documents WHERE id IN ({marks})", doc_ids)}
        for column in names:
            if column in LOADERS:
                LOADERS[column](self, rows)
        return [{c: rows[i][c] for c in names} for i in doc_ids]

    @loads("doc_vector")
    def _load_doc_vector(self, rows: dict[str, dict]) -> None:
        for row in rows.values():
            found = self.conn.execute("SELECT vector FROM doc_vectors WHERE doc_id = ?", (row["doc_id"],)).fetchone()
            row["doc_vector"] = found[0] if found else None

    def nearest(self, vector: np.ndarray, k: int) -> list[str]:
        """The documents whose stored vectors are nearest to `vector` (approximate), nearest first."""
        rowids = self.vectors().search(vector, k)
        found = {r[0]: r[1] for r in self.conn.execute(
            f"SELECT rowid, id FROM documents WHERE rowid IN ({','.join('?' * len(rowids))})", rowids)}
        return [found[r] for r in rowids if r in found]

    def share_index_of(self, other: Store) -> None:
        """The vector index: a server's is rebuilt from every stored vector on first use
        (seconds per 10,000 documents), a file's read again."""
        if isinstance(other, SQLStore) and other._vectors is not None and self._vectors is None:
            self._vectors = other._vectors

    def vectors(self) -> VectorIndex:
        if self._vectors is None:
            self._vectors = VectorIndex(self.vector_file())
            stored = self.conn.execute("SELECT count(*) FROM doc_vectors").fetchone()[0]
            if len(self._vectors) != stored:
                rebuild_index(self.conn, self._vectors)
        return self._vectors

    def apply(self, stage: str, version: int, upstream: str, batch: pa.RecordBatch) -> None:
        produced_by = f"{stage}@{version}"
        now = timestamp()
        with self.transaction() as conn:
            for row in batch.to_pylist():
                doc_id = row["doc_id"]
                if "text" in row:
                    self._set_text(conn, doc_id, row["text"], stage)
                updates = {c: row[c] for c in DOCUMENT_COLUMNS if c in row and c != "text"}
                if updates:
                    assignments = ", ".join(f'"{c}" = ?' for c in updates)
                    conn.execute(f"UPDATE documents SET {assignments}, updated_at = ? WHERE id = ?", (*updates.values(), now, doc_id))
                if "title" in updates:
                    conn.execute(
                        "UPDATE docs_fts SET title = ? WHERE rowid = (SELECT rowid FROM documents WHERE id = ?)",
                        (updates["title"] or "", doc_id),
                    )
                for column in row:
                    if writer := WRITERS.get(column):
                        writer(self, conn, doc_id, row[column], stage, produced_by)
                self._record_run(conn, stage, version, upstream, doc_id, None)
        if self._vectors is not None:
            self._vectors.save()

    @writes("doc_vector")
    def _write_doc_vector(self, conn: Connection, doc_id: str, value: bytes | None, stage: str, produced_by: str) -> None:
        conn.execute("DELETE FROM doc_vectors WHERE doc_id = ?", (doc_id,))
        if value is not None:
            conn.execute("INSERT INTO doc_vectors (doc_id, vector) VALUES (?, ?)", (doc_id, value))
            rowid = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            self.vectors().put(rowid, from_bytes(value))

    def _set_text(self, conn: Connection, doc_id: str, text: str, stage: str) -> None:
        """Replace the clean text; annotations of other stages pointed into the old one, so they go."""
        old = conn.execute("SELECT rowid, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if old["text"] == text:
            return
        conn.execute("UPDATE documents SET text = ?, text_hash = ? WHERE id = ?", (text, short_hash(text), doc_id))
        conn.execute("UPDATE docs_fts SET text = ? WHERE rowid = ?", (strip_marks(text), old["rowid"]))
        for forget in NEW_TEXT:
            forget(self, conn, doc_id, stage)
        conn.execute("DELETE FROM doc_vectors WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM stage_runs WHERE doc_id = ? AND stage != ?", (doc_id, stage))

    def forget_stage(self, stage: str, *, failures_only: bool = False, doc_ids: list[str] | None = None) -> None:
        with self.transaction() as conn:
            if doc_ids is not None:
                for start in range(0, len(doc_ids), CHUNK):
                    chunk = doc_ids[start:start + CHUNK]
                    conn.execute(f"DELETE FROM stage_runs WHERE stage = ? AND doc_id IN ({','.join('?' * len(chunk))})",
                                 (stage, *chunk))
                return
            if failures_only:
                conn.execute("DELETE FROM stage_runs WHERE stage = ? AND error IS NOT NULL", (stage,))
                return
            conn.execute("DELETE FROM stage_runs WHERE stage = ?", (stage,))
            if forget := FORGETTERS.get(stage):
                forget(self, conn)


def _hints(article: Article) -> dict[str, str]:
    """Reader metadata, including the title and outlet the reader found, for later stages."""
    given = {"title": article.title, "outlet": article.outlet, "url": article.url}
    return {**article.hints, **{k: v for k, v in given.items() if v}}
