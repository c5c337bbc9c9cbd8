"""Stories on the seeds: the meeting in three reports (fr, en, en) is one story; the other
two seeds stand alone; a document linking two stories merges them, and the merge is kept."""
from __future__ import annotations

import json

from tests.conftest import SEED_FILES


def story_members(cli) -> list[set[str]]:
    docs = {d["id"]: d["sources"][0].rsplit("/", 1)[-1][:3] for d in json.loads(cli("docs", "--json").output)}
    return sorted(({docs[m["id"]] for m in json.loads(cli("story", s["id"], "--json").output)["members"]}
                   for s in json.loads(cli("stories", "--json").output)), key=sorted)


def test_seed_stories(seeds_db, cli, seeds_dir):
    assert story_members(cli) == [{"000", "001", "002"}, {"003"}, {"004"}]
    stories = json.loads(cli("stories", "--json").output)
    meeting = next(s for s in stories if s["documents"] == 3)
    assert meeting["langs"] == ["en", "fr"] and meeting["title"]


def test_late_document_merges_two_stories_and_the_merge_is_recorded(cli, seed):
    cli("run", str(seed("000")), str(seed("002")))
    assert story_members(cli) == [{"000"}, {"002"}]
    cli("run", str(seed("001")))
    assert story_members(cli) == [{"000", "001", "002"}]
    story = json.loads(cli("stories", "--json").output)[0]
    merges = json.loads(cli("story", story["id"], "--json").output)["merges"]
    docs = {d["sources"][0].rsplit("/", 1)[-1]: d["id"] for d in json.loads(cli("docs", "--json").output)}
    assert len(merges) == 1 and merges[0]["doc_id"] == docs[SEED_FILES["001"]]


def test_stories_recomputed_from_scratch_are_the_same(seeds_db, cli, seeds_dir, tmp_path):
    before = story_members(cli)
    assert cli("analyze", "--stage", "stories", "--force").exit_code == 0
    assert story_members(cli) == before


def test_demo_story_spans_three_languages_and_the_reprint(demo_db, cli):
    stories = json.loads(cli("stories", "--json").output)
    threat = next(s for s in stories if s["title"] == "Sahil Brigades leader threatens to close Port Azrel")
    assert threat["documents"] == 4 and threat["langs"] == ["ar", "en", "fr"]
    strike = next(s for s in stories if s["title"].startswith("Drone strike hits warehouse"))
    assert strike["id"] != threat["id"] and strike["langs"] == ["en", "fr"]
