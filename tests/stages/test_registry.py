from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from crosswire.errors import StageError
from crosswire.stages import REGISTRY, ordered
from crosswire.stages.fingerprint import stage_fingerprint, upstream_key
from crosswire.stages.registry import Stage, dependencies


def test_registered_stages_snapshot():
    """Every registered stage with its contract; a change here is a change of the data flow."""
    assert [(s.name, s.version, s.requires, s.assigns) for s in ordered()] == [
        ("clean", 1, ("body", "repeated_lines"), ("text", "fields")),
        ("language", 1, ("text", "hints"), ("lang", "paragraphs", "fields")),
        ("entities", 2, ("text", "lang"), ("mentions", "role_facts")),
        ("metadata", 1, ("text", "hints", "fields", "lang"),
         ("title", "published", "published_precision", "outlet", "relayed_from", "fields")),
        ("sentences", 1, ("text",), ("sentences", "doc_vector")),
        ("signatures", 2, ("text", "title"), ("anchors", "lsh_bands", "terms")),
        ("link", 1, ("text", "lang", "sentences", "anchors", "candidates", "anchor_counts", "corpus_size"), ("links",)),
        ("aliases", 1, ("lang", "linked_names"), ("alias_evidence",)),
        ("events", 1, ("text", "lang", "published", "published_precision", "mentions", "sentences"), ("events",)),
        ("stories", 1, ("published", "doc_vector", "anchors", "neighbours", "anchor_counts", "corpus_size"), ("story",)),
        ("event_groups", 1, ("events", "related_events"), ("event_groups",)),
        ("quotes", 3, ("text", "lang", "mentions"), ("quotes",)),
        ("framing", 1, ("text", "lang", "sentences", "mentions", "quotes"), ("framing",)),
        ("topics", 2, ("lang", "terms", "doc_vector", "anchors", "story_topic", "topic_neighbours", "term_counts",
                       "topic_anchor_counts", "corpus_size"), ("topic",)),
        ("utterances", 1, ("published", "quotes", "related_quotes"), ("quote_groups",)),
    ]


def test_order_follows_requirements():
    assert [s.name for s in ordered(["metadata", "clean"])] == ["clean", "metadata"]
    assert dependencies("link") == {"clean", "language", "metadata", "sentences", "signatures"}
    assert dependencies("clean") == set()


def test_a_stage_key_follows_its_own_code_and_what_it_reads_but_nothing_else(monkeypatch):
    """A stage's input key changes with its version or fingerprint, or with those of a stage
    it reads, and with nothing else."""
    before = {name: upstream_key(stage) for name, stage in REGISTRY.items()}
    changed = dataclasses.replace(stage_fingerprint("events"), modules={"crosswire.events.stage": "edited"})
    real = stage_fingerprint.__wrapped__
    monkeypatch.setattr("crosswire.stages.fingerprint.stage_fingerprint",
                        lambda name: changed if name == "events" else real(name))
    after = {name: upstream_key(stage) for name, stage in REGISTRY.items()}
    assert {name for name in REGISTRY if before[name] != after[name]} == {"events", "event_groups"}


def test_unknown_stage_is_refused():
    with pytest.raises(StageError, match="unknown stage"):
        ordered(["translate"])


def test_stage_output_must_match_declared_columns():
    bad = Stage("bad", 1, ("text",), ("lang",), lambda rows: pa.RecordBatch.from_pylist([{"doc_id": "x"}]), "", __name__)
    with pytest.raises(StageError, match="declared"):
        bad([{"doc_id": "x", "text": "t"}])


def test_a_stage_output_no_store_code_writes_is_refused_before_running(store, monkeypatch):
    from crosswire import columns
    from crosswire.engine.local import run_stages
    from crosswire.stages import registry

    monkeypatch.setitem(columns.COLUMNS, "nowhere", pa.string())
    monkeypatch.setitem(registry.REGISTRY, "orphan", Stage("orphan", 1, ("text",), ("nowhere",), lambda batch: batch, "", __name__))
    with pytest.raises(StageError, match="nowhere: assigned by a stage but written by no store code"):
        run_stages(store)
