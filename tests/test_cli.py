"""Commands driven as a user drives them."""
from __future__ import annotations

import json


def test_listing_commands_speak_json(seeds_db, cli, seeds_dir):
    docs = json.loads(cli("docs", "--json").output)
    assert len(docs) == 5
    french = json.loads(cli("docs", "--lang", "fr", "--json").output)
    assert len(french) == 2
    hits = json.loads(cli("search", "Haniyeh", "--json").output)
    assert len(hits) == 3 and all("Haniyeh" in h["snippet"] for h in hits)
    stages = json.loads(cli("stages", "--json").output)
    assert [s["name"] for s in stages] == ["clean", "language", "entities", "metadata", "sentences", "signatures", "link",
                                           "aliases", "events", "stories", "event_groups", "quotes", "framing", "topics", "utterances"]


def test_show_by_prefix_and_its_errors(seeds_db, cli, seeds_dir):
    doc = json.loads(cli("docs", "--json").output)[0]
    shown = json.loads(cli("show", doc["id"][:6], "--json", "--raw").output)
    assert shown["id"] == doc["id"] and shown["paragraphs"] and shown["raw"][0]["raw"]
    assert "no document with id" in cli("show", "zzzz").output
    assert cli("show", "zzzz").exit_code == 1


def test_read_commands_do_not_create_a_database(cli, db):
    result = cli("docs")
    assert result.exit_code == 1 and "no database here" in result.output
    assert not db.exists()


def test_eval_lists_evaluators(cli):
    result = cli("eval")
    assert "lang" in result.output and "ingest-speed" in result.output


def test_eval_unknown_and_missing_data(cli, tmp_path):
    assert "unknown evaluator" in cli("eval", "nope").output
    result = cli("eval", "lang", "--data", str(tmp_path / "none"), "--no-write")
    assert result.exit_code == 1 and "evaluation data folder not found" in result.output


def test_eval_sizes_are_counts_and_a_list_only_where_a_curve_is_drawn(cli, tmp_path):
    assert cli("eval", "lang", "--size", "ten", "--no-write").exit_code == 2
    assert cli("eval", "lang", "--size", "0", "--no-write").exit_code == 2
    result = cli("eval", "lang", "--size", "10,20", "--data", str(tmp_path), "--no-write")
    assert result.exit_code == 1 and "takes one --size, not a list" in result.output


def test_engines_and_their_options_are_checked_before_any_work(cli, seed, db):
    result = cli("run", str(seed("000")), "--engine", "spark")
    assert result.exit_code == 1 and "unknown engine" in result.output and not db.exists()
    assert cli("ingest", str(seed("000"))).exit_code == 0
    result = cli("analyze", "--engine", "spark")
    assert result.exit_code == 1 and "unknown engine; choose one of local, ray" in result.output
    result = cli("analyze", "--address", "ray://head:10001")
    assert result.exit_code == 1 and "an --address is for --engine ray" in result.output
