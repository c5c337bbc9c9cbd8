"""The KB inside the store: starter, import idempotence, merge/split, and re-resolution."""
from __future__ import annotations

from crosswire.engine.local import run_stages
from crosswire.ingest.pipeline import ingest
from crosswire.kb import storage as kb_storage
from crosswire.kb.format import Actor, Alias
from crosswire.settings import IngestOptions
from crosswire.store.handlers import export_records


def test_a_new_store_starts_with_the_starter_kb_once(store, db):
    count, version = len(kb_storage.kb_actors(store)), kb_storage.kb_version(store)
    assert count > 50
    store.close()
    from crosswire.store import open_store
    with open_store(db) as again:
        assert (len(kb_storage.kb_actors(again)), kb_storage.kb_version(again)) == (count, version)


def test_reimporting_updates_instead_of_duplicating(store):
    before = len(kb_storage.kb_actors(store))
    extra = Actor("hamas-2", "Hamas", "organization", [Alias("Harakat al-Muqawama al-Islamiya")], {"cameo": "PSENGO"})
    counts = kb_storage.kb_import(store, [extra])
    assert counts == {"added": 0, "updated": 1, "unchanged": 0} and len(kb_storage.kb_actors(store)) == before
    hamas = kb_storage.kb_get(store, "hamas")
    assert "Harakat al-Muqawama al-Islamiya" in [a.text for a in hamas.aliases] and hamas.ids["cameo"] == "PSENGO"
    version = kb_storage.kb_version(store)
    again = kb_storage.kb_import(store, [hamas])
    assert again["unchanged"] == 1 and kb_storage.kb_version(store) == version    # nothing to re-analyse


def test_merge_then_split_restores_the_original_state(store):
    before = [a.to_dict() for a in kb_storage.kb_actors(store)]
    kb_storage.kb_merge(store, "popular-mobilization-forces", "kataib-hezbollah")
    merged = kb_storage.kb_get(store, "popular-mobilization-forces")
    assert "Kataib Hezbollah" in [a.text for a in merged.aliases]
    assert "kataib-hezbollah" not in [a.id for a in kb_storage.kb_actors(store)]
    kb_storage.kb_split(store, "popular-mobilization-forces", "kataib-hezbollah")
    assert [a.to_dict() for a in kb_storage.kb_actors(store)] == before


def test_editing_the_kb_resolves_mentions_again(store, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Report\n\nThe commander Tariq Example spoke in Baghdad on Monday about the Example Front.\n", encoding="utf-8")
    ingest(store, [str(doc)], IngestOptions())
    run_stages(store, ["clean", "language", "entities"])
    assert run_stages(store, ["entities"]).processed["entities"] == 0
    kb_storage.kb_add(store, Actor("example-front", "Example Front", "organization"))
    assert run_stages(store, ["entities"]).processed["entities"] == 1
    mentions = list(export_records(store, "mentions"))
    assert {m["text"]: m["entity_id"] for m in mentions}["Example Front"] == "example-front"
