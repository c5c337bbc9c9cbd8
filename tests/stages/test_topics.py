"""Topics on the demo corpus: the threat to close Port Azrel and the drone strike near it
are two stories on one topic; the relief convoy to Qirat is on another. Recomputing gives
the same topics. On the seeds: a French report joins the topic of an English one on
another happening through their meaning, where they share few words, and a digest that
binds two stories on two topics merges the topics."""
from __future__ import annotations

import json

from tests.conftest import SEED_FILES


def story_topics(cli) -> dict[str, str]:
    return {s["title"]: s["topic"] for s in json.loads(cli("stories", "--json").output)}


def test_two_stories_about_one_port_share_a_topic_that_a_convoy_story_does_not(demo_db, cli):
    topics = story_topics(cli)
    threat = topics["Sahil Brigades leader threatens to close Port Azrel"]
    strike = next(topic for title, topic in topics.items() if title.startswith("Drone strike hits warehouse"))
    convoy = next(topic for title, topic in topics.items() if title.startswith("Relief convoy"))
    assert threat == strike != convoy


def test_topic_lists_its_stories_and_the_words_they_share(demo_db, cli):
    largest = json.loads(cli("topics", "--json").output)[0]
    topic = json.loads(cli("topic", largest["id"][:12], "--json").output)
    assert topic["stories"] == len(topic["story_list"]) >= 2
    assert {"port", "azrel"} <= set(topic["keywords"])
    story = json.loads(cli("story", topic["story_list"][0]["id"], "--json").output)
    assert story["topic"] == topic["id"]
    assert {s["id"] for s in story["related"]} == {s["id"] for s in topic["story_list"][1:]}


def test_topics_recomputed_from_scratch_are_the_same(demo_db, cli):
    before = story_topics(cli)
    assert cli("analyze", "--stage", "topics", "--force").exit_code == 0
    assert story_topics(cli) == before


def test_unknown_topic_is_a_clear_error(demo_db, cli):
    result = cli("topic", "topic-nonexistent")
    assert result.exit_code != 0 and "no such topic" in result.output


def _topic_of(cli, seed_key: str) -> dict:
    docs = {d["sources"][0].rsplit("/", 1)[-1]: d["id"] for d in json.loads(cli("docs", "--json").output)}
    stories = [json.loads(cli("story", s["id"], "--json").output) for s in json.loads(cli("stories", "--json").output)]
    story = next(s for s in stories if docs[SEED_FILES[seed_key]] in {m["id"] for m in s["members"]})
    return json.loads(cli("topic", story["topic"], "--json").output)


def test_french_report_joins_the_topic_of_an_english_one_through_meaning(cli, seed):
    cli("run", str(seed("000")))
    cli("run", str(seed("002")))          # English: alone, without the translation that links them, another story
    topic = _topic_of(cli, "000")
    assert topic["stories"] == 2 and topic["langs"] == ["en", "fr"]
    joined = {s["joined"]["how"]: s["joined"] for s in topic["story_list"]}
    assert sorted(joined) == ["meaning", "new"] and joined["meaning"]["score"] >= 0.85


def test_digest_binding_two_stories_on_two_topics_merges_the_topics(cli, seed, tmp_path):
    cli("run", str(seed("004")))
    cli("run", str(seed("003")))
    first, second = _topic_of(cli, "004"), _topic_of(cli, "003")
    assert first["id"] != second["id"]
    digest = tmp_path / "digest.txt"         # one outlet's round-up of both reports
    digest.write_text(seed("004").read_text("utf-8") + "\n\n" + seed("003").read_text("utf-8"), "utf-8")
    assert cli("run", str(digest)).exit_code == 0
    merged = _topic_of(cli, "003")
    assert merged == _topic_of(cli, "004") and merged["documents"] == 3
    assert [m["topic"] for m in merged["merged"]] == [other for other in (first["id"], second["id"]) if other != merged["id"]]
    assert "merged" in cli("topic", merged["id"]).output
