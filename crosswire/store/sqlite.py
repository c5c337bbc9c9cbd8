"""SQLite backend: one file, WAL mode, FTS5 search, numbered migrations.

Every write runs in a `BEGIN IMMEDIATE` transaction, so two processes writing the same
file queue behind SQLite's lock instead of corrupting it, and a failure leaves what was
stored before untouched.
"""
from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crosswire.errors import InputError, StoreError
from crosswire.langdata.letters import strip_marks
from crosswire.store.base import SearchHit
from crosswire.store.handlers import ON_OPEN, TABLES
from crosswire.store.queries import quoted
from crosswire.store.sql import SCHEMA_VERSION, SQLStore, migrations, statements
from crosswire.store.vectors import VectorIndex

# Rows of each index ANALYZE samples: enough for the planner, cheap on any size of store.
ANALYSIS_LIMIT = 400


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False, busy_timeout: float = 10.0):
        """Open (or, with `create`, start) a database. `readonly` opens it for reading only:
        nothing in the file changes, not even a schema migration."""
        self.path = Path(path)
        self.location = self.reopen_location = str(self.path)
        self.busy_timeout = busy_timeout
        self._vectors: VectorIndex | None = None
        self.cache: dict[str, Any] = {}
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
        todo = [(v, sql) for v, sql in migrations() if v > current]
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
                for statement in statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
            for name in missing:                  # tables of analyses added since (their slices declare them)
                conn.execute(TABLES[name])

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """A writer leaves sampled table statistics behind (tens of milliseconds at 10,000
        documents), so the planner reads listings through the indexes that cover them."""
        if not self.read_only:
            try:
                self.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                self.conn.execute("ANALYZE")
            except sqlite3.Error:
                pass                              # locked by another writer, or closed already: nothing to sample
        super().close()

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        sql = (
            "SELECT d.id, d.title, d.lang, snippet(docs_fts, 1, ?, ?, '…', 16) AS snip, bm25(docs_fts) AS score"
            " FROM docs_fts JOIN documents d ON d.rowid = docs_fts.rowid WHERE docs_fts MATCH ? ORDER BY score LIMIT ?"
        )
        folded = strip_marks(query)
        if not any(c.isalnum() for c in folded):
            raise InputError("search", f"nothing to search for in {query!r}: give at least one word")
        try:
            rows = self.conn.execute(sql, (*marks, folded, limit)).fetchall()
        except sqlite3.OperationalError:
            # Not FTS5 syntax: search the words as written.
            words = [w for w in folded.split() if any(c.isalnum() for c in w)]
            quoted = " ".join('"' + word.replace('"', '""') + '"' for word in words)
            rows = self.conn.execute(sql, (*marks, quoted, limit)).fetchall()
        return [SearchHit(r["id"], r["title"], r["lang"], r["snip"], -r["score"]) for r in rows]

    def tables(self) -> dict[str, list[str]]:
        names = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                                 " AND name NOT LIKE 'docs_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: [r["name"] for r in self.conn.execute(f"PRAGMA table_info({name})")] for name in names}

    def references(self) -> dict[str, set[str]]:
        return {name: {r["table"] for r in self.conn.execute(f"PRAGMA foreign_key_list({name})")} for name in self.tables()}

    def in_written_order(self, table: str, columns: list[str]) -> str:
        made = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
        order = "" if "WITHOUT ROWID" in made.upper() else " ORDER BY rowid"
        return f"SELECT {', '.join(map(quoted, columns))} FROM {table}{order}"

    def vector_file(self) -> Path:
        return Path(f"{self.path}.vectors.usearch")


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoreError(str(path), f"cannot create the database: {path.parent} is a file, not a folder") from None
    except NotADirectoryError:
        raise StoreError(str(path), "cannot create the database: a part of its folder path is a file, not a folder") from None
    except OSError as exc:
        raise StoreError(str(path), f"cannot create the database folder ({exc.strerror})") from None
