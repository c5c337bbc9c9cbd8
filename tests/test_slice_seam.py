"""The seam between the store and the analyses: a new analysis adds its column, its table
and its export records from its own module, and the store runs it without a change."""
from __future__ import annotations

import pyarrow as pa
import pytest

from crosswire import columns
from crosswire.engine.local import run_stages
from crosswire.ingest.pipeline import ingest
from crosswire.stages import registry
from crosswire.store import handlers, open_store
from crosswire.store.handlers import export_records


@pytest.fixture
def restored():
    """The registries as they were, after the test's analysis registered itself."""
    tables = (handlers.WRITERS, handlers.EXPORTERS, handlers.TABLES, registry.REGISTRY, columns.COLUMNS)
    saved = [dict(t) for t in tables]
    yield
    for table, before in zip(tables, saved, strict=True):
        table.clear()
        table.update(before)


def test_a_new_stage_adds_a_column_a_table_and_an_export_without_touching_the_store(tmp_path, restored):
    # the analysis, as its own module would declare it
    columns.COLUMNS["word_count"] = pa.int64()
    handlers.table("word_counts", "CREATE TABLE IF NOT EXISTS word_counts (doc_id TEXT PRIMARY KEY, words INTEGER NOT NULL)")

    @registry.stage("word_count", version=1, requires=("text",), assigns=("word_count",))
    def word_count(row: dict) -> dict:
        """Words in the clean text."""
        return {"word_count": len(row["text"].split())}

    @handlers.writes("word_count")
    def write(store, conn, doc_id, value, stage, produced_by):
        conn.execute("INSERT INTO word_counts (doc_id, words) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET words = excluded.words",
                     (doc_id, value))

    @handlers.exports("word_counts")
    def export(store):
        yield from ({"doc_id": r[0], "words": r[1]} for r in store.conn.execute("SELECT doc_id, words FROM word_counts"))

    (tmp_path / "a.txt").write_text("Talks resume\n\nNegotiators met in the capital on Monday.\n", encoding="utf-8")
    with open_store(tmp_path / "kb.db") as store:
        ingest(store, [str(tmp_path / "a.txt")])
        run_stages(store)
        assert [r["words"] for r in export_records(store, "word_counts")] == [len(store.list_documents()[0].text.split())]
        assert run_stages(store).processed["word_count"] == 0
