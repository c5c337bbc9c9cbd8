"""Analyst edits: a corrected quote speaker or event type outlives re-running its stage,
every edit is logged with who and when, and edits travel in the KB file (export, then
import into another store, twice, without doubling)."""
from __future__ import annotations

import json

import yaml

from crosswire import api
from crosswire.aliases.learn import LEARNER
from crosswire.kb import edits
from crosswire.store import open_store


def _quote_and_event(db):
    with open_store(db, readonly=True) as store:
        quote = dict(store.conn.execute(
            "SELECT id, doc_id, start, speaker_entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL"
            " AND speaker_entity_id != 'hamas' ORDER BY id LIMIT 1").fetchone())
        event = dict(store.conn.execute("SELECT id, doc_id, trigger_start, type FROM events WHERE type != 'MOBILIZE'"
                                        " AND trigger_start IS NOT NULL ORDER BY id LIMIT 1").fetchone())
    return quote, event


def _current(db, quote, event):
    with open_store(db, readonly=True) as store:
        speaker = store.conn.execute("SELECT speaker_entity_id FROM quotes WHERE doc_id = ? AND start = ?",
                                     (quote["doc_id"], quote["start"])).fetchone()[0]
        kind = store.conn.execute("SELECT type, acled_event_type FROM events WHERE doc_id = ? AND trigger_start = ?",
                                  (event["doc_id"], event["trigger_start"])).fetchall()
    return speaker, [tuple(k) for k in kind]


def test_corrections_outlive_a_forced_rerun_and_are_logged(seeds_db, cli):
    quote, event = _quote_and_event(seeds_db)
    with open_store(seeds_db) as store:
        edits.correct_quote_speaker(store, quote["id"], "Hamas", "ana")
        edits.correct_event_type(store, event["id"], "mobilize", "Strategic developments", None, "ana")
    assert _current(seeds_db, quote, event) == ("hamas", [("MOBILIZE", "Strategic developments")])
    assert cli("analyze", "--stage", "quotes", "--stage", "events", "--force").exit_code == 0
    assert _current(seeds_db, quote, event) == ("hamas", [("MOBILIZE", "Strategic developments")])
    quote_json = json.loads(cli("quotes", "--speaker", "hamas", "--json").output)
    assert any(q["id"] == quote["id"] or q["start"] == quote["start"] for q in quote_json)
    with open_store(seeds_db, readonly=True) as store:
        logged = edits.edits(store)
    by_ana = [e for e in logged if e.who != LEARNER]                       # besides the merges the run learned
    assert [(e.who, e.action) for e in by_ana] == [("ana", "quote_speaker"), ("ana", "event_type")]
    assert all(e.at and e.doc_id for e in by_ana)


def test_edits_travel_in_the_kb_file_and_importing_twice_changes_nothing(seeds_master, seeds_db, cli, tmp_path):
    quote, event = _quote_and_event(seeds_db)
    with open_store(seeds_db) as store:
        edits.correct_quote_speaker(store, quote["id"], "hamas", "ana")
        edits.add_alias(store, "akram-al-kaabi", "Abu Ridha", "ar", "ana")
        edits.merge_actors(store, "hamas", "al-quds-brigades", "ana")
    exported = tmp_path / "kb.yaml"
    assert cli("kb", "export", "--out", str(exported)).exit_code == 0
    document = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert [e["action"] for e in document["edits"] if e["who"] == "ana"] == ["quote_speaker", "alias", "merge"]

    other = tmp_path / "other" / "kb.db"
    other.parent.mkdir()
    for file in seeds_master.parent.iterdir():
        (other.parent / file.name.replace(seeds_master.name, other.name, 1)).write_bytes(file.read_bytes())
    with open_store(other) as store:
        first, second = api.kb_import(store, exported), api.kb_import(store, exported)
    assert (first["edits"], second["edits"]) == (3, 0)
    with open_store(other, readonly=True) as store:
        assert [e.action for e in edits.edits(store) if e.who == "ana"] == ["quote_speaker", "alias", "merge"]
        merged = store.conn.execute("SELECT merged_into FROM entities WHERE id = 'al-quds-brigades'").fetchone()[0]
        speaker = store.conn.execute("SELECT speaker_entity_id FROM quotes WHERE doc_id = ? AND start = ?",
                                     (quote["doc_id"], quote["start"])).fetchone()[0]
        names = store.conn.execute("SELECT aliases FROM entities WHERE id = 'akram-al-kaabi'").fetchone()[0]
    assert merged == "hamas" and speaker == "hamas" and "Abu Ridha" in names
