"""Topics on the demo corpus: the threat to close Port Azrel and the drone strike near it
are two stories on one topic; the relief convoy to Qirat is on another. Recomputing gives
the same topics."""
from __future__ import annotations

import json


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
