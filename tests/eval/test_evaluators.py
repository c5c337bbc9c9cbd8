"""Evaluators run on any folder in their format, record figures, and gate on floors."""
from __future__ import annotations

import json

import pytest

from crosswire.eval.link_speed import BASE_STAGES, FILL_STAGES
from crosswire.eval.report import floors
from crosswire.stages.registry import dependencies
from crosswire.topics.stage import THRESHOLDS as TOPICS
from tests.conftest import shared_data

ENGLISH = ["The council met on Monday to discuss the budget for next year.",
           "Members argued about the cost of repairing the old bridge over the river."]
FRENCH = ["Le conseil s'est réuni lundi pour discuter du budget de l'année prochaine.",
          "Les membres se sont disputés sur le coût de la réparation du vieux pont."]


def test_lang_runs_on_a_new_folder_and_writes_its_section(cli, tmp_path):
    data = tmp_path / "mini"
    data.mkdir()
    (data / "eng.tsv").write_text("".join(f"doc1\t{s}\n" for s in ENGLISH), encoding="utf-8")
    (data / "fra.tsv").write_text("".join(f"doc1\t{s}\n" for s in FRENCH), encoding="utf-8")
    bench = tmp_path / "BENCHMARKS.md"
    bench.write_text("# Benchmarks\n\n<!-- eval:other:start -->\nkept\n<!-- eval:other:end -->\n")
    for _ in range(2):
        result = cli("eval", "lang", "--data", str(data), "--benchmarks", str(bench), "--json")
        assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)["metrics"]
    assert metrics["doc_accuracy"] == 1.0 and metrics["documents"] == 2
    text = bench.read_text()
    assert text.count("<!-- eval:lang:start -->") == 1 and "kept" in text and "- command: `crosswire" in text


def test_lang_quality_gate_on_ntrex(cli):
    shared_data("ntrex")
    result = cli("eval", "lang", "--no-write", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["below_floor"] == []
    assert report["metrics"]["languages"] >= 17
    for name, floor in floors()["lang"].items():
        assert report["metrics"][name] >= floor


def test_ingest_speed_small_run(cli):
    shared_data("ntrex")
    result = cli("eval", "ingest-speed", "--size", "300", "--no-write", "--json")
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)["metrics"]
    assert metrics["documents"] == 300 and metrics["ingest_docs_per_s"] > 0 and metrics["peak_rss_mib"] > 0


@pytest.mark.parametrize(("name", "folder", "min_documents"), [("link", "ntrex", 1000), ("stories", "ecbplus", 400)])
def test_quality_gate(cli, name, folder, min_documents):
    """The whole evaluation (link: about four minutes on a 2 GHz Xeon); pinned floors must hold."""
    shared_data(folder)
    result = cli("eval", name, "--no-write", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["below_floor"] == []
    assert report["metrics"]["documents"] > min_documents
    if name == "stories":      # the shipped topic thresholds are those the evaluator chooses on half A
        assert (report["metrics"]["chosen_words"], report["metrics"]["chosen_meaning"]) == (TOPICS.words, TOPICS.meaning)


@pytest.mark.parametrize(("name", "folder"), [("names", "actors"), ("actors-seeds", "seeds"), ("ner", "ner"), ("quotes", "polnear"),
                                             ("events", "events"), ("events-seeds", "seeds"), ("acled", "events"),
                                             ("framing", "framing")])
def test_actor_quality_gates(cli, name, folder):
    """Name keys, the seeds' variant groups, NER, quotes, events and framing hold their pinned floors."""
    shared_data(folder)
    result = cli("eval", name, "--no-write", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["below_floor"] == []
    if name == "names":
        assert report["metrics"]["false_match_rate"] <= 0.01
    if name == "actors-seeds":
        assert report["metrics"]["wrong_person_merges"] == 0
    if name == "acled":
        assert report["metrics"]["test_no_event"] <= 0.12


def test_ner_reads_both_formats_from_a_new_folder(cli, tmp_path):
    data = tmp_path / "ner"
    data.mkdir()
    (data / "ar_anercorp.conll").write_text("وصل O\nالرئيس O\nإلى O\nبغداد B-LOC\n. O\n", encoding="utf-8")
    (data / "fr_hipe.tsv").write_text(
        "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n"
        "# hipe2022:document_id = test-1\n"
        + "".join(f"{t}\t{tag}\tO\tO\tO\tO\tO\t_\t_\t{misc}\n" for t, tag, misc in [
            ("Le", "O", "_"), ("ministre", "O", "_"), ("est", "O", "_"), ("arrivé", "O", "_"), ("à", "O", "_"),
            ("Paris", "B-loc", "NoSpaceAfter"), (".", "O", "EndOfSentence")]), encoding="utf-8")
    result = cli("eval", "ner", "--data", str(data), "--no-write", "--json")
    assert result.exit_code == 0, result.output
    rows = {(r[0], r[1]): r for r in json.loads(result.output)["rows"]}
    assert rows["ar", "location"][2] == 1 and rows["ar", "location"][5] == 1.0       # gold 1, strict F1 1
    assert rows["fr", "location"][5] == 1.0


def test_link_speed_fills_the_store_with_every_stage_link_reads():
    """The benchmark is too slow for CI; its stage lists must still satisfy `link`'s needs."""
    assert dependencies("link") <= set(BASE_STAGES)
    for stage in FILL_STAGES:
        assert dependencies(stage) <= set(FILL_STAGES)
