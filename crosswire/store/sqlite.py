"""SQLite backend: one file, WAL mode, FTS5 search, numbered migrations.

Every write runs in a `BEGIN IMMEDIATE` transaction, so two processes writing the same
file queue behind SQLite's lock instead of corrupting it, and a failure leaves what was
stored before untouched.
"""
from __future__ import annotations

import json
import sqlite3
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from crosswire.columns import DOCUMENT_COLUMNS, schema
from crosswire.errors import InputError, StoreError
from crosswire.langdata.letters import strip_marks
from crosswire.model import Article, Document
from crosswire.store.base import AddResult, SearchHit, Store
from crosswire.store.handlers import (
    EXPORTERS,
    FORGETTERS,
    LOADERS,
    NEW_DOCUMENTS,
    NEW_TEXT,
    ON_OPEN,
    TABLES,
    WRITERS,
    loads,
    writes,
)
from crosswire.store.vectors import VectorIndex, rebuild_index
from crosswire.text.embed import from_bytes
from crosswire.text.normalize import (
    document_id,
    short_hash,
)

# What a stage's output depends on besides its own code: the text, the reader metadata and
# the outlet's learned boilerplate (kept by the documents slice), then the stage's upstream key.
_KEY_EXPR = "d.text_hash || ':' || d.meta_hash || ':' || COALESCE(o.boilerplate_hash, '') || ':' || ?"


def timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("crosswire.store") / "migrations"
    found = [(int(f.name.split("_", 1)[0]), f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".sql")]
    return sorted(found)


SCHEMA_VERSION = _migrations()[-1][0]


class SQLiteStore(Store):
    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False, busy_timeout: float = 10.0):
        """Open (or, with `create`, start) a database. `readonly` opens it for reading only:
        nothing in the file changes, not even a schema migration."""
        self.path = Path(path)
        self.location = str(self.path)
        self.busy_timeout = busy_timeout
        self._vectors: VectorIndex | None = None
        self.cache: dict[str, Any] = {}         # what slices compute once per open store (the indexed KB)
        exists = self.path.exists()
        if not exists and (readonly or not create):
            raise StoreError(self.location, "no database here; run `crosswire ingest PATH` or pass --db")
        if exists and not self.path.is_file():
            raise StoreError(self.location, "not a file")
        self.read_only = readonly or (exists and not (self.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)))
        try:
            if self.read_only:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
            else:
                _make_parent(self.path)
                self.conn = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self._refuse_foreign()
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            if not self.read_only:
                for opened in ON_OPEN:
                    opened(self)
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc) from exc

    def _refuse_foreign(self) -> None:
        """Another program's SQLite file is not ours to fill with tables."""
        if self.conn.execute("PRAGMA user_version").fetchone()[0]:
            return
        tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4")]
        if tables:
            shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
            raise StoreError(self.location, f"not a crosswire database (it holds other tables: {shown}); choose another --db")

    # -- transactions and errors -------------------------------------------------

    def _explain(self, exc: sqlite3.Error) -> StoreError:
        message = str(exc)
        if "locked" in message or "busy" in message:
            return StoreError(
                self.location,
                f"database is locked by another process (waited {self.busy_timeout:g}s); nothing was written, try again",
            )
        if "readonly" in message or "read-only" in message:
            return StoreError(self.location, "database is read-only; nothing was written")
        if "disk is full" in message:
            return StoreError(self.location, "the disk is full (or the database reached its size limit); nothing of this write was stored")
        if "not a database" in message or "malformed" in message:
            return StoreError(self.location, f"not a usable crosswire database ({message})")
        return StoreError(self.location, message)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            mode = stat.filemode(self.path.stat().st_mode)
            raise StoreError(self.location, f"database opened read-only (file mode {mode}); nothing was written")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._explain(exc) from exc
        try:
            yield self.conn
        except sqlite3.Error as exc:
            self._rollback()
            raise self._explain(exc) from exc
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self._explain(exc) from exc

    def _rollback(self) -> None:
        """Undo the open transaction; SQLite has already rolled back after some errors (a
        full disk), and a second rollback would hide the first error."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _migrate(self) -> None:
        current = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(
                self.location, f"schema v{current} is newer than this crosswire (v{SCHEMA_VERSION}); upgrade crosswire"
            )
        todo = [(v, sql) for v, sql in _migrations() if v > current]
        missing = sorted(set(TABLES) - {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})
        if not todo and not missing:
            return
        if self.read_only:
            if current == 0:
                raise StoreError(self.location, "empty database: nothing stored yet; run `crosswire ingest PATH`")
            behind = f"schema v{current}, this one reads v{SCHEMA_VERSION}" if todo else f"no table {', '.join(missing)}"
            raise StoreError(self.location, f"made by an older crosswire ({behind}); run `crosswire analyze` once to upgrade it")
        with self.transaction() as conn:
            for version, sql in todo:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
            for name in missing:                  # tables of analyses added since (their slices declare them)
                conn.execute(TABLES[name])

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

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
                    "INSERT OR IGNORE INTO sources (doc_id, source, reader, encoding, raw, ingested_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (doc_id, article.source, article.reader, article.encoding, zlib.compress(article.raw.encode("utf-8")), now),
                )
                results.append(AddResult(doc_id, row is None))
            for stored in NEW_DOCUMENTS:
                stored(self, conn, added)
        return results

    def _insert_document(self, conn: sqlite3.Connection, doc_id: str, article: Article, now: str) -> None:
        hints = json.dumps(_hints(article), sort_keys=True, ensure_ascii=False)
        cursor = conn.execute(
            "INSERT INTO documents (id, body, text, text_hash, meta_hash, title, outlet, outlet_key, url, hints,"
            " ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id, article.body, article.body, short_hash(article.body),
                short_hash(f"{article.title}|{article.url}|{article.outlet}|{hints}"),
                article.title, article.outlet, article.outlet_key, article.url, hints, now, now,
            ),
        )
        conn.execute(
            "INSERT INTO docs_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cursor.lastrowid, article.title or "", strip_marks(article.body)),
        )

    def _merge_metadata(self, conn: sqlite3.Connection, doc_id: str, row: sqlite3.Row, article: Article, now: str) -> None:
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

    def document(self, row: sqlite3.Row) -> Document:
        sources = [r[0] for r in self.conn.execute("SELECT source FROM sources WHERE doc_id = ? ORDER BY ingested_at, source", (row["id"],))]
        return Document(
            id=row["id"], text=row["text"], sources=sources, title=row["title"], lang=row["lang"],
            published=row["published"], published_precision=row["published_precision"], outlet=row["outlet"],
            relayed_from=row["relayed_from"], url=row["url"], ingested_at=row["ingested_at"],
        )

    def get_document(self, ref: str) -> Document:
        rows = self.conn.execute("SELECT * FROM documents WHERE id LIKE ? || '%' LIMIT 2", (ref.lower(),)).fetchall()
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

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        sql = (
            "SELECT d.id, d.title, d.lang, snippet(docs_fts, 1, '[', ']', '…', 16) AS snip, bm25(docs_fts) AS score"
            " FROM docs_fts JOIN documents d ON d.rowid = docs_fts.rowid WHERE docs_fts MATCH ? ORDER BY score LIMIT ?"
        )
        folded = strip_marks(query)
        if not any(c.isalnum() for c in folded):
            raise InputError("search", f"nothing to search for in {query!r}: give at least one word")
        try:
            rows = self.conn.execute(sql, (folded, limit)).fetchall()
        except sqlite3.OperationalError:
            # Not FTS5 syntax: search the words as written.
            words = [w for w in folded.split() if any(c.isalnum() for c in w)]
            quoted = " ".join('"' + word.replace('"', '""') + '"' for word in words)
            rows = self.conn.execute(sql, (quoted, limit)).fetchall()
        return [SearchHit(r["id"], r["title"], r["lang"], r["snip"], -r["score"]) for r in rows]

    def raw_inputs(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT source, reader, encoding, raw FROM sources WHERE doc_id = ? ORDER BY ingested_at", (doc_id,))
        return [{**dict(r), "raw": zlib.decompress(r["raw"]).decode("utf-8")} for r in rows]

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

    def _record_run(self, conn: sqlite3.Connection, stage: str, version: int, upstream: str, doc_id: str,
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

    def load_batch(self, doc_ids: list[str], columns: tuple[str, ...]) -> pa.RecordBatch:
        names = ("doc_id", *[c for c in columns if c != "doc_id"])
        stored = [c for c in names if c not in LOADERS and c not in ("doc_id", "outlet_key")]
        select = ", ".join(["id AS doc_id", "rowid AS _rowid", "outlet_key", *[f'"{c}"' for c in stored]])
        marks = ",".join("?" * len(doc_ids))
        rows = {r["doc_id"]: dict(r) for r in self.conn.execute(f"SELECT {select} FROM documents WHERE id IN ({marks})", doc_ids)}
        for column in names:
            if column in LOADERS:
                LOADERS[column](self, rows)
        ordered = [{c: rows[i][c] for c in names} for i in doc_ids]
        return pa.RecordBatch.from_pylist(ordered, schema=schema(names))

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

    def vectors(self) -> VectorIndex:
        if self._vectors is None:
            self._vectors = VectorIndex(Path(f"{self.path}.vectors.usearch"))
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
    def _write_doc_vector(self, conn: sqlite3.Connection, doc_id: str, value: bytes | None, stage: str, produced_by: str) -> None:
        conn.execute("DELETE FROM doc_vectors WHERE doc_id = ?", (doc_id,))
        if value is not None:
            conn.execute("INSERT INTO doc_vectors (doc_id, vector) VALUES (?, ?)", (doc_id, value))
            rowid = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
            self.vectors().put(rowid, from_bytes(value))

    def _set_text(self, conn: sqlite3.Connection, doc_id: str, text: str, stage: str) -> None:
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

    def forget_stage(self, stage: str, *, failures_only: bool = False) -> None:
        with self.transaction() as conn:
            if failures_only:
                conn.execute("DELETE FROM stage_runs WHERE stage = ? AND error IS NOT NULL", (stage,))
                return
            conn.execute("DELETE FROM stage_runs WHERE stage = ?", (stage,))
            if forget := FORGETTERS.get(stage):
                forget(self, conn)

    # -- export ------------------------------------------------------------------

    def export_records(self, kind: str) -> Iterator[dict[str, Any]]:
        yield from EXPORTERS[kind](self)


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(str(path), f"cannot create the database: {path.parent} is a file, not a folder") from None
    except NotADirectoryError:
        raise StoreError(str(path), "cannot create the database: a part of its folder path is a file, not a folder") from None
    except OSError as exc:
        raise StoreError(str(path), f"cannot create the database folder ({exc.strerror})") from None


def _hints(article: Article) -> dict[str, str]:
    """Reader metadata, including the title and outlet the reader found, for later stages."""
    given = {"title": article.title, "outlet": article.outlet, "url": article.url}
    return {**article.hints, **{k: v for k, v in given.items() if v}}


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; migrations use no triggers, so ';' ends each one."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
