"""What only the SQLite backend does: WAL, FTS5, its schema version pragma, a missing file."""
from __future__ import annotations

import sqlite3

import pytest

from crosswire.errors import StoreError
from crosswire.store import open_store
from crosswire.store.sql import SCHEMA_VERSION


def test_schema_version_wal_and_fts(store):
    assert store.schema_version() == SCHEMA_VERSION >= 1
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'docs_fts'").fetchone()[0] == 1


def test_newer_schema_is_refused(db):
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this crosswire"):
        open_store(db)


def test_missing_database_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no database here"):
        open_store(tmp_path / "absent.db", create=False)
