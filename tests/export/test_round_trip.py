"""`crosswire ingest` of crosswire's own JSONL export rebuilds the same knowledge base: the
same documents (ids, texts, metadata), the same KB with the analysts' edits, and, once
analysed, the same records, the corrected quote speaker included."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.kb.edits import add_alias, correct_quote_speaker
from crosswire.store import open_store

# Fields that say where and when a document was ingested, not what it is.
_WHERE_AND_WHEN = {"sources", "ingested_at"}


def _records(folder: Path, kind: str) -> list[str]:
    rows = (json.loads(line) for line in (folder / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines())
    return sorted(json.dumps({k: v for k, v in r.items() if k not in _WHERE_AND_WHEN}, sort_keys=True, ensure_ascii=False)
                  for r in rows)


def test_an_export_ingested_back_is_the_same_knowledge_base(seeds_db, cli, tmp_path):
    with open_store(seeds_db) as store:
        add_alias(store, "akram-al-kaabi", "Abou Kaabi", "fr", "tester")
        quote = store.conn.execute("SELECT id FROM quotes WHERE speaker_entity_id = 'akram-al-kaabi' LIMIT 1").fetchone()[0]
        correct_quote_speaker(store, quote, "nujaba", "tester")
    first = tmp_path / "first"
    assert cli("export", "--out", str(first)).exit_code == 0
    again = tmp_path / "again.db"
    runner = CliRunner()
    ingested = runner.invoke(app, ["--db", str(again), "ingest", str(first)])
    assert ingested.exit_code == 0, ingested.output
    with open_store(seeds_db, readonly=True) as store:                  # the two above, and merges the run learned
        edits = store.conn.execute("SELECT count(*) FROM analyst_edits").fetchone()[0]
    assert "5 stored" in ingested.output and f"{edits} new edits" in ingested.output and "0 errors" in ingested.output
    analysed = runner.invoke(app, ["--db", str(again), "analyze"])
    assert analysed.exit_code == 0, analysed.output
    second = tmp_path / "second"
    assert runner.invoke(app, ["--db", str(again), "export", "--out", str(second)]).exit_code == 0
    for kind in ("documents", "links", "stories", "topics", "entities", "mentions", "quotes", "events"):
        assert _records(first, kind) == _records(second, kind), kind
    kb_first, kb_second = ((f / "kb.yaml").read_text(encoding="utf-8").split("\n", 2)[2] for f in (first, second))
    assert kb_first == kb_second and "Abou Kaabi" in kb_second and "quote_speaker" in kb_second
    quotes = {q["id"]: q for q in map(json.loads, (second / "quotes.jsonl").read_text().splitlines())}
    assert quotes[quote]["speaker_entity_id"] == "nujaba"
    repeated = runner.invoke(app, ["--db", str(again), "ingest", str(first)])
    assert "0 stored" in repeated.output and "0 new edits" in repeated.output
