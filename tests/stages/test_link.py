"""Linking on real articles: the seeds, a NTREX translation outside the embedding model,
a reprint, and unrelated articles on the same topic."""
from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from crosswire.eval.ntrex import read_ntrex
from tests.conftest import SEED_FILES, shared_data

CORPUS = resources.files("crosswire.demo") / "corpus"


def ids_by_name(cli) -> dict[str, str]:
    return {Path(s).name: d["id"] for d in json.loads(cli("docs", "--json", "--limit", "500").output)
            for s in d["sources"]}


def pairs(cli, db_ids: dict[str, str]) -> dict[frozenset, str]:
    name_of = {v: k for k, v in db_ids.items()}
    found = {}
    for doc_id in set(db_ids.values()):
        for link in json.loads(cli("links", doc_id, "--json").output):
            found[frozenset((name_of[doc_id], name_of[link["other"]]))] = link["kind"]
    return found


def test_seed_links(seeds_db, cli, seeds_dir):
    names = {k: SEED_FILES[k] for k in SEED_FILES}
    found = pairs(cli, ids_by_name(cli))
    assert found[frozenset((names["000"], names["001"]))] == "translation"
    assert found[frozenset((names["001"], names["002"]))] == "same_story"
    for lone in ("003", "004"):
        assert not [p for p in found if names[lone] in p]


def test_link_evidence_spans_point_at_matching_sentences(cli, seed):
    cli("run", str(seed("000")), str(seed("001")))
    ids = ids_by_name(cli)
    link = json.loads(cli("links", ids[SEED_FILES["000"]], "--json").output)[0]
    french = json.loads(cli("show", ids[SEED_FILES["000"]], "--json").output)["text"]
    english = json.loads(cli("show", ids[SEED_FILES["001"]], "--json").output)["text"]
    texts = [(french[e["a"][0]:e["a"][1]], english[e["b"][0]:e["b"][1]]) for e in link["evidence"]]
    assert ("Le Hamas se réunit avec les chefs des milices iraniennes en Irak", "Hamas Meets with Iranian Militia Leaders in Iraq") in texts
    assert any("Le peuple irakien soutient toujours" in fr and "The Iraqi people always stand by" in en for fr, en in texts)


def test_translation_outside_the_embedding_model(cli, tmp_path):
    """Persian and Hebrew are not in the model: anchors must find the translation. Twenty
    articles, so that one pair near the margin does not decide the outcome."""
    corpus = read_ntrex(shared_data("ntrex"))
    chosen = list(corpus["eng"])[:20]
    folder = tmp_path / "ntrex"
    folder.mkdir()
    for stem in ("eng", "fas", "heb"):
        with (folder / f"{stem}.jsonl").open("w", encoding="utf-8") as handle:
            for doc_id in chosen:
                handle.write(json.dumps({"text": "\n\n".join(corpus[stem][doc_id]), "url": f"ntrex:{stem}:{doc_id}"}) + "\n")
    assert cli("run", str(folder)).exit_code == 0
    docs = json.loads(cli("docs", "--json", "--limit", "100").output)
    origin = {d["id"]: d["sources"][0] for d in docs}
    key = {d["id"]: (d["lang"], d["sources"][0].split("#")[1]) for d in docs}
    correct = wrong = 0
    for doc in docs:
        for link in json.loads(cli("links", doc["id"], "--json").output):
            if key[doc["id"]][0] == key[link["other"]][0]:
                continue                      # two English articles on one story may link; not a translation
            same = int(key[doc["id"]][1].lstrip("L")) == int(key[link["other"]][1].lstrip("L"))
            correct += same
            wrong += not same
    assert correct >= 0.8 * 2 * 3 * len(chosen), (correct, wrong, origin)  # each pair is seen from both sides
    assert wrong <= 2


def test_reprint_with_new_headline_and_footer_is_near_duplicate(cli, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("fictional-en-coastal-ledger.txt", "fictional-en-harbour-wire-reprint.html"):
        with resources.as_file(CORPUS / name) as path:
            shutil.copy(path, folder / name)
    cli("run", str(folder))
    found = pairs(cli, ids_by_name(cli))
    assert found == {frozenset(("fictional-en-coastal-ledger.txt", "fictional-en-harbour-wire-reprint.html")): "near_duplicate"}


def test_same_topic_different_story_is_not_linked(demo_db, cli):
    """The demo's threat article and its warehouse-strike article share actors and places."""
    ids = ids_by_name(cli)
    found = pairs(cli, ids)
    threat, strike = "fictional-en-coastal-ledger.txt", "fictional-meridian-wire.jsonl#L1"
    assert not any(threat in p and strike in p for p in found)
    assert found[frozenset(("fictional-en-coastal-ledger.txt", "fictional-fr-courrier-du-littoral.txt"))] == "translation"


def test_rerunning_link_changes_nothing(seeds_db, cli, seeds_dir, tmp_path):
    cli("export", "--out", str(tmp_path / "first"))
    assert cli("analyze", "--stage", "link", "--force").exit_code == 0
    cli("export", "--out", str(tmp_path / "second"))
    assert (tmp_path / "first" / "links.jsonl").read_text() == (tmp_path / "second" / "links.jsonl").read_text()
    assert (tmp_path / "first" / "links.jsonl").read_text().strip()


def test_compare_marks_what_only_one_side_says(cli, seed):
    cli("run", str(seed("001")), str(seed("002")))
    ids = ids_by_name(cli)
    result = json.loads(cli("compare", ids[SEED_FILES["001"]], ids[SEED_FILES["002"]], "--json").output)
    assert result["kind"] == "same_story"
    only_002 = " ".join(r["b_text"] for r in result["rows"] if r["only_one_side"] and r["b_text"])
    assert "Sheikh Jarrah" in only_002
    aligned = [(r["a_text"], r["b_text"]) for r in result["rows"] if r["aligned"]]
    assert any("The Iraqi people always stand by" in a and "The Iraqi people have always stood by" in b for a, b in aligned)
