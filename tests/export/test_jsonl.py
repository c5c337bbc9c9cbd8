"""The export contract of DESIGN.md: file names and fields other tools rely on."""
from __future__ import annotations

import json

CONTRACT = {
    "documents": {"id", "sources", "title", "text", "lang", "published", "published_precision", "outlet", "relayed_from"},
    "framing": {"doc_id", "frames", "labels", "markers", "loaded_terms", "voices"},
}
FILES = ["documents", "links", "stories", "topics", "entities", "mentions", "quotes", "events", "framing"]


def test_export_seeds(seeds_db, cli, seeds_dir, tmp_path):
    out = tmp_path / "export"
    result = cli("export", "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{k}.jsonl" for k in FILES), "kb.yaml"])
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == 5
    for doc in docs:
        assert CONTRACT["documents"] <= doc.keys()
        assert doc["text"] and doc["lang"] in {"en", "fr"}
    framing = [json.loads(line) for line in (out / "framing.jsonl").read_text().splitlines()]
    assert sorted(f["doc_id"] for f in framing) == sorted(d["id"] for d in docs)
    for record in framing:
        assert CONTRACT["framing"] <= record.keys()
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    topics = {t["id"]: set(t["doc_ids"]) for t in map(json.loads, (out / "topics.jsonl").read_text().splitlines())}
    for story in stories:
        assert set(story["doc_ids"]) <= topics[story["topic"]]


def test_unknown_export_format(seeds_db, cli, seeds_dir, tmp_path):
    result = cli("export", "--format", "xml", "--out", str(tmp_path / "x"))
    assert result.exit_code == 1 and "unknown export format" in result.output
