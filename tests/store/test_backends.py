"""The store's contract, on SQLite and on PostgreSQL alike: documents, search, atomic
writes, read-only opening, concurrent writers, the whole pipeline with identical exports,
copying between backends."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from crosswire import api
from crosswire.errors import StoreError
from crosswire.model import Article
from crosswire.store import open_store
from crosswire.store.postgres import is_postgres
from crosswire.store.queries import MAX_RELATED, related_rows
from crosswire.store.sql import SCHEMA_VERSION
from crosswire.stories.storage import write_story


def _article(body: str, source: str, **metadata: str) -> Article:
    return Article(body=body, source=source, reader="txt", raw=body, **metadata)


def test_documents_are_stored_once_and_found_by_prefix(location):
    with open_store(location) as store:
        first = store.add_articles([_article("Gunmen attacked a checkpoint near Kirkuk on Monday.", "a.txt")])
        again = store.add_articles([_article("Gunmen attacked a checkpoint near Kirkuk on Monday.", "b.txt",
                                             title="Checkpoint attacked")])
        assert [r.new for r in first + again] == [True, False]
        doc = store.get_document(first[0].doc_id[:6])
        assert (doc.title, sorted(doc.sources), store.count_documents()) == ("Checkpoint attacked", ["a.txt", "b.txt"], 1)
        with pytest.raises(StoreError, match="no document"):
            store.get_document("ffffffffffff")


def test_search_ignores_arabic_marks_and_french_accents(location):
    with open_store(location) as store:
        store.add_articles([_article("قالَ المتحدثُ إنّ الهدنةَ صامدة", "ar.txt"),
                            _article("Le secrétaire général a parlé à Genève.", "fr.txt")])
        assert len(store.search("الهدنة")) == 1
        assert len(store.search("secretaire")) == 1
        assert len(store.search("Genève")) == 1
        assert store.search("Kirkuk") == []
        assert store.search('unbalanced "quote') == []


def test_stories_bound_by_a_new_document_merge(location):
    """The stories slice's SQL on each backend: a document that binds two stories moves the
    documents of one into the other, and the merge is recorded."""
    with open_store(location) as store:
        ids = [r.doc_id for r in store.add_articles([_article(f"Report number {n} on the clashes.", f"{n}.txt")
                                                     for n in range(3)])]
        with store.transaction() as conn:
            for doc_id, story, merges in ((ids[0], "story-a", []), (ids[1], "story-b", []), (ids[2], "story-a", ["story-b"])):
                write_story(store, conn, doc_id, {"story_id": story, "merges": merges, "score": 0.9, "via": None}, "stories", "t")
        assert sorted(r[0] for r in store.conn.execute("SELECT DISTINCT story_id FROM story_docs")) == ["story-a"]
        assert store.conn.execute("SELECT count(*) FROM story_docs").fetchone()[0] == 3
        assert [tuple(r) for r in store.conn.execute("SELECT merged, into_story FROM story_merges")] == [("story-b", "story-a")]


def test_a_wire_story_s_copies_read_its_linked_and_earliest_reports_only(location):
    """Where another report of a document's events or quotes would be: its linked documents
    first, then its story's earliest, never more than `MAX_RELATED`, so a story reprinted by
    hundreds of outlets costs each copy the same."""
    copies = MAX_RELATED + 10
    with open_store(location) as store:
        ids = [r.doc_id for r in store.add_articles([_article(f"Copy {n} of the wire report on the strike.", f"{n}.txt")
                                                     for n in range(copies)])]
        last, linked = ids[-1], ids[-5]
        with store.transaction() as conn:
            story = {"story_id": "story-a", "merges": [], "score": 0.9, "via": None}
            for doc_id in ids:
                write_story(store, conn, doc_id, story, "stories", "t")
            conn.execute("INSERT INTO links (a, b, kind, score, evidence, produced_by, found_by)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (min(last, linked), max(last, linked), "near_duplicate", 0.97, "[]", "t", last))
        related = [r["id"] for r in related_rows(store.conn, "SELECT id FROM documents WHERE id", last, "id")]
        assert sorted(related) == sorted([linked, *ids[:MAX_RELATED - 1]])
        assert len(related_rows(store.conn, "SELECT id FROM documents WHERE id", ids[0], "id")) == MAX_RELATED


def test_a_failed_write_keeps_what_was_stored(location):
    with open_store(location) as store:
        store.add_articles([_article("The first report, kept.", "one.txt")])
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.execute("DELETE FROM documents")
            raise RuntimeError("the write fails half-way")
        assert store.count_documents() == 1


def test_a_read_only_store_changes_nothing(location):
    open_store(location).close()
    with open_store(location, readonly=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.add_articles([_article("A report that must not be stored.", "x.txt")])
    with open_store(location) as store:
        assert store.count_documents() == 0
        assert store.schema_version() == SCHEMA_VERSION


def test_postgres_refuses_a_newer_schema_and_other_programs_databases(postgres):
    open_store(postgres).close()
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute("UPDATE crosswire_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer than this crosswire"):
        open_store(postgres)
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute("DROP TABLE crosswire_schema")
    with pytest.raises(StoreError, match="not a crosswire database"):
        open_store(postgres)


def _exported(location: str, out: Path) -> dict[str, list[str]]:
    """Every record of the JSONL export, order and ingest time aside."""
    with open_store(location, readonly=True) as store:
        api.export(store, "jsonl", out)
    found = {}
    for path in sorted(out.glob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        found[path.name] = sorted(json.dumps({k: v for k, v in r.items() if k != "ingested_at"}, sort_keys=True)
                                  for r in records)
    return found


def test_the_seeds_give_the_same_knowledge_base_on_both_backends_and_copy_across(seeds_dir, tmp_path, postgres):
    sqlite = str(tmp_path / "seeds.db")
    for location in (sqlite, postgres):
        with open_store(location) as store:
            report, run = api.run(store, [str(seeds_dir)])
            assert len(report.doc_ids) == 5 and not run.failures
    on_sqlite = _exported(sqlite, tmp_path / "sqlite")
    assert on_sqlite["events.jsonl"] and on_sqlite == _exported(postgres, tmp_path / "postgres")
    copied = str(tmp_path / "copied.db")
    assert api.copy(postgres, copied)["documents"] == 5
    assert _exported(copied, tmp_path / "copied") == on_sqlite
    with open_store(sqlite) as original, open_store(copied) as copy:     # a copy is as current as its source
        assert api.stage_status(copy) == api.stage_status(original)
    with pytest.raises(StoreError, match="already holds 5 documents"):
        api.copy(sqlite, postgres)


def test_two_writers_at_once(tmp_path, location):
    """Two runs at once (two processes on one file, or two machines on one server) queue
    on the writers' lock; nothing is lost or corrupted."""
    open_store(location).close()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(40):
            (folder / f"{n}.txt").write_text(f"Story {name}{n}\n\nReport {name} {n}: officials said events happened on day {n}.")
        folders.append(folder)
    procs = [subprocess.Popen([sys.executable, "-m", "crosswire.cli", "--db", location, "run", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in folders]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with open_store(location, readonly=True) as store:
        assert store.count_documents() == 80
        assert store.conn.execute("SELECT count(*) FROM stage_runs WHERE stage = 'metadata' AND error IS NULL").fetchone()[0] == 80
        if not is_postgres(location):
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_scratch_database_is_dropped_once_the_servers_own_sessions_leave(monkeypatch):
    """DROP … WITH (FORCE) by a role that is no superuser fails while an autovacuum worker is in
    the database; the drop is tried again, and a lasting refusal is still raised."""
    from crosswire.store import postgres

    class Connection:
        refusals = 2
        statements: list[str] = []

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            if sql.startswith("DROP") and Connection.refusals:
                Connection.refusals -= 1
                raise psycopg.errors.InsufficientPrivilege("must be a member of the role")
            Connection.statements.append(sql)

    monkeypatch.setattr(postgres.psycopg, "connect", lambda *a, **k: Connection())
    monkeypatch.setattr(postgres, "DROP_RETRY_SECONDS", 0)
    with postgres.scratch_database("postgresql://u:p@localhost/postgres") as url:
        assert url.startswith("postgresql://u:p@localhost/crosswire_scratch_")
    assert [s.split()[0] for s in Connection.statements] == ["CREATE", "DROP"]
    Connection.refusals = postgres.DROP_ATTEMPTS
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        with postgres.scratch_database("postgresql://u:p@localhost/postgres"):
            pass
