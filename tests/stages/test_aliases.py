"""Aliases learned from aligned sentences: names the KB does not hold, rendered differently
in a translation ("Sahil Brigades", "Brigades du Sahil", "كتائب الساحل"; "Britain",
"Grande-Bretagne", which the language files also know), become one actor with the aligned
sentences as evidence; nothing else is merged, an analyst's split stands, and re-running
changes nothing."""
from __future__ import annotations

import json

from crosswire.aliases.learn import LEARNER
from crosswire.store import open_store

# What each learned merge on the demo corpus may join: the names of one group each.
DEMO_GROUPS = ({"Sahil Brigades", "Brigades du Sahil", "كتائب الساحل", "Brigades"}, {"Port Azrel", "Azrel"})


def _actor(cli, name: str) -> dict:
    result = cli("actor", name, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _learned(db) -> list[tuple[str, str]]:
    """(kept, absorbed) names of every learned merge."""
    with open_store(db, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT k.name, a.name FROM analyst_edits e JOIN entities k ON k.id = e.target"
            " JOIN entities a ON a.id = json_extract(e.value, '$.absorbed') WHERE e.who = ? AND e.action = 'merge'",
            (LEARNER,)).fetchall()
    return [(r[0], r[1]) for r in rows]


def test_translated_names_of_the_demo_are_one_actor_each_and_nothing_else_merges(demo_db, cli):
    brigades = _actor(cli, "Sahil Brigades")
    assert _actor(cli, "Brigades du Sahil")["id"] == _actor(cli, "كتائب الساحل")["id"] == brigades["id"]
    assert _actor(cli, "Azrel")["id"] == _actor(cli, "Port Azrel")["id"]
    seen = {a["text"]: set(a["langs"]) for a in brigades["aliases_seen"]}
    assert {"en", "fr", "ar"} <= set().union(*seen.values())
    merged = {m["name"]: m for m in brigades["merges"]}
    assert merged["Brigades du Sahil"]["who"] == LEARNER
    evidence = merged["كتائب الساحل"]["evidence"][0]
    assert "كتائب الساحل" in evidence["text_b"] and "Sahil Brigades" in evidence["text_a"]   # the aligned sentences
    learned = _learned(demo_db)
    assert learned and all(any({kept, absorbed} <= group for group in DEMO_GROUPS) for kept, absorbed in learned)
    people = {_actor(cli, name)["id"] for name in ("Amira Soltani", "Oren Halvek", "إدريس المرواني", "سيلين درافيك")}
    assert len(people) == 4


def test_a_country_named_differently_in_a_translation_is_one_actor_and_no_curated_actors_merge(seeds_db, cli):
    assert _actor(cli, "Britain")["id"] == _actor(cli, "Grande-Bretagne")["id"]
    with open_store(seeds_db, readonly=True) as store:                       # curated actors are never merged
        curated = {r[0] for r in store.conn.execute("SELECT id FROM entities WHERE id NOT LIKE 'local:%'")}
        assert not [r for r in store.conn.execute("SELECT target, value FROM analyst_edits WHERE who = ?", (LEARNER,))
                    if r[0] in curated and json.loads(r[1])["absorbed"] in curated]


def test_an_analysts_split_of_a_learned_merge_stands_and_reruns_change_nothing(demo_db, cli):
    brigades = _actor(cli, "Sahil Brigades")
    kept, absorbed = brigades["id"], next(m["absorbed"] for m in brigades["merges"] if m["name"] == "Brigades du Sahil")
    assert cli("analyze").output.strip().startswith("clean 0")                           # nothing left to do
    assert cli("kb", "split", kept, absorbed).exit_code == 0
    assert cli("analyze").exit_code == 0
    assert _actor(cli, "Brigades du Sahil")["id"] == absorbed != _actor(cli, "Sahil Brigades")["id"]
    again = cli("analyze").output
    assert "entities 0" in again and "run again" not in again
    assert _actor(cli, "Brigades du Sahil")["id"] == absorbed


def test_stages_run_one_at_a_time_learn_the_same_aliases(tmp_path, demo_db):
    """`crosswire analyze --stage X`, stage after stage (as the pipeline-speed benchmark runs
    them): the aliases step re-runs what it can and leaves the rest pending for its turn."""
    from importlib import resources

    from crosswire.engine.local import run_stages
    from crosswire.ingest.pipeline import ingest
    from crosswire.settings import IngestOptions
    from crosswire.stages import ordered

    db = tmp_path / "one-by-one.db"
    with resources.as_file(resources.files("crosswire.demo") / "corpus") as corpus, open_store(db) as store:
        ingest(store, [str(corpus)], IngestOptions())
        for stage in ordered():
            run_stages(store, [stage.name])
        assert not any(run_stages(store).processed.values())                     # nothing left pending
    assert sorted(_learned(db)) == sorted(_learned(demo_db))
