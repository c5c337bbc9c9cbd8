"""`crosswire actors`, `actor`, and `kb …` as an analyst uses them."""
from __future__ import annotations

import json

import yaml


def test_actors_and_actor_profile_over_the_seeds(seeds_db, cli, seeds_dir):
    actors = json.loads(cli("actors", "--json").output)
    kaabi = next(a for a in actors if a["id"] == "akram-al-kaabi")
    assert kaabi["kind"] == "person" and kaabi["langs"] == ["en", "fr"] and kaabi["documents"] == 4
    profile = json.loads(cli("actor", "Al-Kaabi", "--json").output)
    assert profile["id"] == "akram-al-kaabi"
    seen = {a["text"]: a["langs"] for a in profile["aliases_seen"]}
    assert {"Akram al-Kaabi", "Al-Kaabi", "Akram al-Ka’abi", "Ka’abi"} <= set(seen) and "fr" in seen["Al-Kaabi"]
    assert "nujaba" in {c["id"] for c in profile["co_mentioned"]}
    assert any(r["of_entity_id"] == "nujaba" for r in profile["stated_roles"])
    assert cli("actor", "Nobody Atall").exit_code == 1


def test_kb_curation_round_trip(cli, tmp_path):
    assert cli("kb", "add", "Example Front", "--kind", "organization", "--alias", "ar:جبهة المثال", "--wikidata", "Q1").exit_code == 0
    shown = json.loads(cli("kb", "show", "جبهة المثال", "--json").output)
    assert shown["id"] == "example-front" and shown["ids"] == {"wikidata": "Q1"}
    assert cli("kb", "add", "Example Front", "--kind", "organization").exit_code == 1       # id taken
    assert cli("kb", "add", "Somebody", "--kind", "army").exit_code == 1                     # bad kind
    before = cli("kb", "list", "--json").output
    assert cli("kb", "merge", "hamas", "example-front").exit_code == 0
    assert "جبهة المثال" in json.dumps(json.loads(cli("kb", "show", "hamas", "--json").output), ensure_ascii=False)
    assert cli("kb", "split", "hamas", "example-front").exit_code == 0
    assert cli("kb", "list", "--json").output == before
    assert cli("kb", "split", "hamas", "example-front").exit_code == 1                       # nothing left to split
    out = tmp_path / "kb.yaml"
    assert cli("kb", "export", "--out", str(out)).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["crosswire_kb"] == 1


def test_kb_import_of_a_broken_file_names_it_and_changes_nothing(cli, tmp_path):
    before = cli("kb", "list", "--json").output
    bad = tmp_path / "bad.yaml"
    bad.write_text("crosswire_kb: 1\nactors:\n  - {id: x, name: X, kind: army}\n", encoding="utf-8")
    result = cli("kb", "import", str(bad))
    assert result.exit_code == 1 and "bad.yaml" in result.output and "kind" in result.output
    assert cli("kb", "list", "--json").output == before


def test_demo_shows_one_actor_across_three_scripts(demo_db, cli):
    """The fictional corpus names its militia leader in Arabic, English and French: one
    local entity, as a person; the militia itself is an organization despite the model."""
    actors = {a["name"]: a for a in json.loads(cli("actors", "--json").output)}
    leader = next(a for a in actors.values() if a["langs"] == ["ar", "en", "fr"] and a["kind"] == "person")
    assert leader["origin"] == "local" and leader["documents"] >= 3
    assert actors["Sahil Brigades"]["kind"] == "organization"
