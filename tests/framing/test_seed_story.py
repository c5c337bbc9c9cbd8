"""Framing on the seed story {000, 001, 002}: the French research centre and its English
translation keep their distance from "résistance"/"resistance" and call the groups Iranian
militias; the partisan outlet says "resistance" in its own voice and uses loaded terms.
Driven as a user drives it: `crosswire framing`, and the JSONL export."""
from __future__ import annotations

import json

import pytest

from crosswire.cli.common import out
from crosswire.framing import storage
from crosswire.store import open_store

DOCS = {"000": "c3245b913e", "001": "cf61868a31", "002": "d5444343b4"}


@pytest.fixture
def story(seeds_db, cli):
    result = cli("framing", "--json", _story_id(seeds_db))
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    return {key: next(d for d in found["documents"] if d["doc_id"].startswith(prefix)) for key, prefix in DOCS.items()}


def _story_id(db) -> str:
    with open_store(db, readonly=True) as store:
        return store.conn.execute("SELECT story_id FROM story_docs WHERE doc_id LIKE ?", (DOCS["000"] + "%",)).fetchone()[0]


def _text(db, doc_id: str) -> str:
    with open_store(db, readonly=True) as store:
        return store.get_document(doc_id).text


def test_every_item_points_at_its_words(story, seeds_db):
    for record in story.values():
        text = _text(seeds_db, record["doc_id"])
        items = [i for kind in ("labels", "markers", "loaded_terms", "attributions", "voices", "frame_scores")
                 for i in record[kind]]
        assert items
        for item in items:
            assert text[item["start"]:item["end"]] == item["text"]


def test_the_research_centre_and_its_translation_keep_their_distance_from_resistance(story):
    for key, word in (("000", "résistance"), ("001", "resistance")):
        marked = [m["term"] for m in story[key]["markers"] if m["kind"] == "so_called"]
        assert word in marked, story[key]["markers"]
        assert any(m["kind"] == "scare_quotes" and word in m["term"].casefold() for m in story[key]["markers"])


def test_militia_labels_in_the_research_centre_and_resistance_in_the_partisan_outlets_own_voice(story):
    def own(key: str) -> list[str]:
        return [x["text"].casefold() for x in story[key]["labels"] if x["voice"] == "outlet"]

    assert "milices iraniennes" in own("000")
    assert any("iranian militia" in label for label in own("001"))
    assert any("resistance" in label for label in own("002"))
    assert not any("resistance" in label for label in own("000") + own("001")), "the centre never says it unmarked"
    assert any("resistance" in x["text"] and x["voice"] == "distanced" for x in story["001"]["labels"])


def test_the_partisan_outlets_loaded_terms(story):
    terms = {t["text"].casefold(): t for t in story["002"]["loaded_terms"]}
    assert terms["zionist regime"]["stance"] == "against"
    assert "occupied territories" in terms
    assert not any(t["text"] == "Jihad" for t in story["002"]["loaded_terms"]), "Islamic Jihad is a name"


def test_frames_and_voices(story):
    for record in story.values():
        assert record["frames"] and record["frames"][0] == "Security_and_defense"
        assert any(v["speaker"] and "Kaabi" in v["speaker"] for v in record["voices"])


def test_the_side_by_side_view_and_the_actor_view(seeds_db, cli, monkeypatch):
    monkeypatch.setattr(out, "width", 250)
    result = cli("framing", _story_id(seeds_db))
    assert result.exit_code == 0, result.output
    for words in ("distance markers", "milices iraniennes", "Iranian Militia Leaders", "what he called", "only here"):
        assert words in result.output
    with open_store(seeds_db, readonly=True) as store:
        labelled = store.conn.execute("SELECT entity_id FROM framing_items WHERE kind = 'label' AND entity_id IS NOT NULL"
                                      " GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        profile = storage.actor_framing(store, labelled)
    assert profile["documents"] and all(d["labels"] for d in profile["documents"])
    result = cli("framing", "--actor", labelled)
    assert result.exit_code == 0 and profile["documents"][0]["labels"][0]["text"] in result.output
    for wrong in ((), ("x", "--actor", labelled)):
        refused = cli("framing", *wrong)
        assert refused.exit_code == 2 and "give a story id, or --actor NAME" in " ".join(refused.output.split())

