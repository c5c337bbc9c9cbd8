"""PostgreSQL backend, for teams that share one knowledge base: the same schema, SQL and
slices as SQLite (store/sql.py), on a server several machines write to at once.

- Statements are written once, in the SQL both backends read, with SQLite's `?`
  parameters; the connection here turns them into psycopg's and reads rows by position or
  column name, as `sqlite3.Row` does. The few SQLite functions the slices call
  (`group_concat`, `instr`, `json_extract`, `json_each`) exist here as SQL functions.
- Migrations are SQLite's numbered files; their few SQLite-only types and tables are
  translated (`postgres_statement`). The schema version is kept in a table.
- Full-text search: a `simple` text-search configuration (no stemming, any script) over
  the same mark-stripped text as SQLite's index, lower-cased and with Latin diacritics
  folded on both sides, so "Bogota" finds "Bogotá" and vocalized Arabic finds bare.
- Writers queue behind one transaction-scoped advisory lock, as SQLite's writers queue
  behind its file lock: a stage's batch commits whole or not at all, from any machine.
  Inside a write, statements are pipelined (sent without waiting for each reply).
- Vectors are stored as in SQLite; the nearest-neighbour index (usearch) is built in
  memory from them when a process first needs it, so no server extension is required.
"""
from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from crosswire.errors import InputError, StoreError
from crosswire.langdata.letters import strip_marks
from crosswire.store.base import Connection, SearchHit
from crosswire.store.handlers import ON_OPEN, TABLES
from crosswire.store.queries import quoted
from crosswire.store.sql import SCHEMA_VERSION, SQLStore, migrations, statements

# How often, and how far apart, a scratch database's drop is tried while the server's own
# sessions (autovacuum) are still in it.
DROP_ATTEMPTS = 20
DROP_RETRY_SECONDS = 0.5

# The advisory lock every writer holds for its transaction (any fixed 64-bit number).
WRITER_LOCK = 0x63726F7373776972
# Tables whose rows are read in the order they were written, by SQLite's implicit `rowid`:
# here they get a `rowid` column of their own.
ORDERED_TABLES = ("documents", "doc_fields", "topic_docs")
# Accented Latin letters and their bare forms, folded in the search index and queries.
_ACCENTED = "áàâäãåāăąçćčďéèêëēėęěíìîïīįłñńňóòôöõøōőŕřśšşťţúùûüūůűųýÿźżž"
_BARE = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnooooooooorrsssttuuuuuuuuyyzzz"

# SQLite's functions the slices' SQL calls, and the search index's folding.
_COMPATIBILITY = [
    "CREATE OR REPLACE FUNCTION crosswire_concat(acc text, item text) RETURNS text LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT CASE WHEN item IS NULL THEN acc WHEN acc IS NULL THEN item ELSE acc || ',' || item END $$",
    "CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = crosswire_concat, STYPE = text)",
    "CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT strpos(haystack, needle) $$",
    "CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT (doc::jsonb) #>> string_to_array(substr(path, 3), '.') $$",
    "CREATE OR REPLACE FUNCTION json_each(doc text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT jsonb_array_elements(doc::jsonb)::text $$",
    "CREATE OR REPLACE FUNCTION crosswire_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS"
    f" $$ SELECT translate(lower(t), '{_ACCENTED}', '{_BARE}') $$",
]
_FTS_TABLE = (
    "CREATE TABLE docs_fts (rowid BIGINT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '',"
    " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', crosswire_fold(title || ' ' || text))) STORED)",
    "CREATE INDEX docs_fts_tsv ON docs_fts USING gin (tsv)",
)
_SEARCH = (
    "SELECT d.id, d.title, d.lang, ts_headline('simple', f.text, q, %s) AS snip,"
    " ts_rank(f.tsv, q) AS score"
    " FROM docs_fts f JOIN documents d ON d.rowid = f.rowid, websearch_to_tsquery('simple', crosswire_fold(%s)) q"
    " WHERE f.tsv @@ q ORDER BY score DESC, d.rowid LIMIT %s"
)


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


class Row(tuple):
    """A row read by position or by column name, like `sqlite3.Row` (and `dict(row)`)."""

    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        return tuple.__getitem__(self, self._index[key] if isinstance(key, str) else key)

    def keys(self) -> list[str]:
        return list(self._index)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"_index": {name: i for i, name in enumerate(names)}, "__slots__": ()})


def _rows(cursor: psycopg.Cursor) -> type[Row]:
    return _row_class(tuple(c.name for c in cursor.description or ()))


@lru_cache(maxsize=4096)
def _placeholders(sql: str) -> str:
    """SQLite's `?` parameters as psycopg's `%s` (and a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresConnection:
    """psycopg's connection behind the `Connection` interface the slices use; a failed
    statement is a `StoreError` naming the database, as on SQLite."""

    def __init__(self, raw: psycopg.Connection, location: str):
        self.raw = raw
        self.location = location

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> psycopg.Cursor:
        try:
            return self.raw.execute(_placeholders(sql), parameters) if parameters else self.raw.execute(sql)
        except psycopg.Error as exc:
            raise StoreError(self.location, _first_line(exc)) from exc

    def close(self) -> None:
        self.raw.close()

    def executemany(self, sql: str, parameters: Any) -> psycopg.Cursor:
        cursor = self.raw.cursor()
        rows = list(parameters)
        try:
            if rows:
                cursor.executemany(_placeholders(sql), rows)
        except psycopg.Error as exc:
            raise StoreError(self.location, _first_line(exc)) from exc
        return cursor


def postgres_statement(sql: str) -> list[str]:
    """One migration statement, in SQLite's SQL, as PostgreSQL's (one or more statements)."""
    if re.match(r"CREATE VIRTUAL TABLE docs_fts\b", sql):
        return list(_FTS_TABLE)
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
    sql = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
    sql = re.sub(r"\)\s*WITHOUT ROWID\s*$", ")", sql)
    if table := re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+) \(", sql):
        if table.group(1) in ORDERED_TABLES:
            sql = sql[:table.end()] + "rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE, " + sql[table.end():]
    return [sql]


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server `admin_url` reaches (as a role that may create
    databases), dropped afterwards; its URL. For tests and benchmarks."""
    name = f"crosswire_scratch_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as exc:
        raise StoreError(_shown(admin_url), f"cannot make a scratch database ({_first_line(exc)})") from None
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    finally:
        _drop_database(admin_url, name)


def _drop_database(admin_url: str, name: str) -> None:
    """Drop a database, ending its sessions. An autovacuum worker visiting it belongs to the
    server, which a role that is no superuser may not end: the drop is tried again once the
    worker has had time to leave."""
    for attempt in range(DROP_ATTEMPTS):
        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == DROP_ATTEMPTS - 1:
                raise
            time.sleep(DROP_RETRY_SECONDS)


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore(SQLStore):
    def __init__(self, url: str, *, create: bool = True, readonly: bool = False, busy_timeout: float = 10.0):
        """Connect to a PostgreSQL database (it must exist; its tables are made on first
        use). `readonly` opens a read-only session: nothing in the database changes."""
        self.location = _shown(url)
        self.reopen_location = url
        self.read_only = readonly
        self.busy_timeout = busy_timeout
        self._vectors = None
        self.cache: dict[str, Any] = {}
        try:
            raw = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=max(1, int(busy_timeout)))
        except psycopg.Error as exc:
            raise StoreError(self.location, f"cannot connect to PostgreSQL ({_first_line(exc)})") from None
        self.conn = PostgresConnection(raw, self.location)
        try:
            if readonly:
                raw.execute("SET default_transaction_read_only = on")
            raw.execute(f"SET lock_timeout = '{int(busy_timeout * 1000)}ms'")
            self._migrate(create)
            if not readonly:
                for opened in ON_OPEN:
                    opened(self)
        except psycopg.Error as exc:
            raw.close()
            raise self._explain(exc) from exc

    def _explain(self, exc: psycopg.Error) -> StoreError:
        message = _first_line(exc)
        if isinstance(exc, psycopg.errors.LockNotAvailable):
            return StoreError(self.location, f"another writer held the database for {self.busy_timeout:g}s; nothing was written, try again")
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
            return StoreError(self.location, "database opened read-only; nothing was written")
        if isinstance(exc, psycopg.errors.DiskFull):
            return StoreError(self.location, "the server's disk is full; nothing of this write was stored")
        return StoreError(self.location, message)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        if self.read_only:
            raise StoreError(self.location, "database opened read-only; nothing was written")
        try:
            with self.conn.raw.transaction(), self.conn.raw.pipeline():
                self.conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                yield self.conn
        except psycopg.Error as exc:
            raise self._explain(exc) from exc

    def _tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}

    def _migrate(self, create: bool) -> None:
        tables = self._tables()
        if tables and "crosswire_schema" not in tables:
            shown = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
            raise StoreError(self.location, f"not a crosswire database (it holds other tables: {shown}); choose another --db")
        current = self.schema_version() if tables else 0
        if current > SCHEMA_VERSION:
            raise StoreError(self.location, f"schema v{current} is newer than this crosswire (v{SCHEMA_VERSION}); upgrade crosswire")
        if current == SCHEMA_VERSION and not set(TABLES) - tables:
            return
        if self.read_only or not create:
            raise StoreError(self.location, "empty database: nothing stored yet; run `crosswire ingest PATH`" if not current
                             else f"made by an older crosswire (schema v{current}); run `crosswire analyze` once to upgrade it")
        with self.transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS crosswire_schema (version INTEGER NOT NULL)")
            current = self.schema_version()       # another machine may have migrated while this one waited
            if not current:
                for statement in _COMPATIBILITY:
                    conn.execute(statement)
            for version, sql in migrations():
                if version > current:
                    for statement in (s for original in statements(sql) for s in postgres_statement(original)):
                        conn.execute(statement)
            conn.execute("DELETE FROM crosswire_schema")
            conn.execute("INSERT INTO crosswire_schema (version) VALUES (?)", (SCHEMA_VERSION,))
            for name in set(TABLES) - self._tables():     # tables of analyses added since (their slices declare them)
                for statement in postgres_statement(TABLES[name]):
                    conn.execute(statement)

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM crosswire_schema").fetchone()
        return int(row[0] or 0)

    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        folded = strip_marks(query)
        if not any(c.isalnum() for c in folded):
            raise InputError("search", f"nothing to search for in {query!r}: give at least one word")
        options = f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…"
        rows = self.conn.raw.execute(_SEARCH, (options, folded, limit)).fetchall()
        return [SearchHit(r["id"], r["title"], r["lang"], r["snip"], float(r["score"])) for r in rows]

    def tables(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for r in self.conn.execute(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t"
                " ON t.table_name = c.table_name AND t.table_schema = c.table_schema WHERE c.table_schema = current_schema()"
                " AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND c.column_name != 'rowid'"
                " AND c.table_name NOT IN ('docs_fts', 'crosswire_schema') ORDER BY c.table_name, c.ordinal_position"):
            found.setdefault(r[0], []).append(r[1])
        return found

    def references(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {name: set() for name in self.tables()}
        for r in self.conn.execute("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
                                   " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"):
            found.setdefault(r[0], set()).add(r[1])
        return found

    def in_written_order(self, table: str, columns: list[str]) -> str:
        order = " ORDER BY rowid" if table in ORDERED_TABLES else ""
        return f"SELECT {', '.join(map(quoted, columns))} FROM {table}{order}"

    def after_copy(self, conn: Connection) -> None:
        """Identity columns continue after the keys that came in."""
        for r in conn.execute("SELECT table_name, column_name FROM information_schema.columns"
                              " WHERE table_schema = current_schema() AND is_identity = 'YES'").fetchall():
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{r[0]}', '{r[1]}'), coalesce(max(\"{r[1]}\"), 0) + 1, false)"
                         f" FROM {r[0]}")

    def vector_file(self) -> Path | None:
        return None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
