"""What only the SQLite backend does: WAL, its schema version pragma, one file shared by processes."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

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


def test_two_processes_writing_one_file(tmp_path):
    """Concurrent ingests queue on SQLite's lock; nothing is lost or corrupted."""
    db = tmp_path / "shared.db"
    open_store(db).close()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(150):
            (folder / f"{n}.txt").write_text(f"Story {name}{n}\n\nReport {name} {n}: officials said events happened on day {n}.")
        folders.append(folder)
    procs = [subprocess.Popen([sys.executable, "-m", "crosswire.cli", "--db", str(db), "run", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in folders]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM stage_runs WHERE stage = 'metadata'").fetchone()[0] == 300
