"""The KB file format round-trips and rejects bad files by name; importers read excerpts
of the real dictionaries and a Wikidata answer written in the API's shape."""
from __future__ import annotations

import json

import pytest
import yaml

from crosswire.errors import InputError
from crosswire.kb.format import dump, parse, read
from crosswire.kb.importers import import_phoenix, import_wikidata
from crosswire.kb.storage import starter_actors
from tests.conftest import shared_data


def test_starter_kb_is_valid_and_round_trips():
    actors = starter_actors()
    assert len(actors) > 50 and {a.kind for a in actors} == {"person", "organization", "location", "facility"}
    again = parse(yaml.safe_load(dump(actors)), "dumped")
    assert [a.to_dict() for a in again] == [a.to_dict() for a in actors]


@pytest.mark.parametrize("document, reason", [
    ({"actors": []}, "missing `crosswire_kb: 1`"),
    ({"crosswire_kb": 2, "actors": []}, "format 2"),
    ({"crosswire_kb": 1, "actors": [{"id": "x", "name": "X", "kind": "army"}]}, "kind"),
    ({"crosswire_kb": 1, "actors": [{"id": "x", "name": "X", "kind": "person", "roles": [{"role": "head", "start": "May 2020"}]}]},
     "not a date"),
    ({"crosswire_kb": 1, "actors": [{"id": "x", "name": "X", "kind": "person"}, {"id": "x", "name": "Y", "kind": "person"}]},
     "used twice"),
    ({"crosswire_kb": 1, "edits": [{"who": "ana", "action": "delete", "target": "x", "value": {}}]}, "not one of"),
    ({"crosswire_kb": 1, "edits": [{"who": "ana", "action": "alias", "target": "x", "value": {"name": "Y"}}]},
     "edits[0].value: unknown field 'name'"),
    ({"crosswire_kb": 1, "edits": [{"who": "ana", "action": "quote_speaker", "target": "q", "value": {"speaker": "x"},
                                    "doc_id": "d", "start": -1, "end": 4}]}, "character offsets"),
])
def test_bad_kb_files_name_the_file_and_the_reason(tmp_path, document, reason):
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read(path)
    assert str(path) in str(error.value) and reason in str(error.value)


def test_phoenix_excerpt_gives_aliases_dated_roles_and_kinds(tmp_path):
    source = shared_data("actors") / "phoenix" / "Phoenix.Countries.actors.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("NURI_AL_MALIKI"))
    excerpt = tmp_path / "excerpt.actors.txt"
    excerpt.write_text("\n".join(["IRAQ_ [IRQ]", "+IRAQI_", "+BAGHDAD_", ""] + lines[start:start + 30]), encoding="utf-8")
    actors = {a.name: a for a in import_phoenix(excerpt)}
    maliki = actors["Nuri Al Maliki"]
    assert maliki.kind == "person" and "Nouri Al-Maliki" in [a.text for a in maliki.aliases]
    assert any(r.role == "cameo:IRQGOV" and r.start == "2006-05-20" and r.end == "2014-09-08" for r in maliki.roles)
    assert actors["Iraq"].kind == "location" and [a.text for a in actors["Iraq"].aliases] == ["Iraqi"]
    assert actors["Baghdad"].affiliations[0].actor == "cameo:iraq"     # a city filed under its country stands alone


def test_wikidata_api_answer_becomes_actors(tmp_path):
    answer = {"entities": {
        "Q900001": {"id": "Q900001", "labels": {"en": {"language": "en", "value": "Example Brigades"},
                                                 "ar": {"language": "ar", "value": "كتائب المثال"}},
                    "aliases": {"fr": [{"language": "fr", "value": "Brigades Exemple"}]},
                    "descriptions": {"en": {"language": "en", "value": "armed group"}},
                    "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q17149090"}}}}]}},
        "Q900002": {"id": "Q900002", "labels": {"en": {"language": "en", "value": "Example Leader"}},
                    "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5"}}}}],
                               "P39": [{"mainsnak": {"datavalue": {"value": {"id": "Q900003"}}},
                                        "qualifiers": {"P642": [{"datavalue": {"value": {"id": "Q900001"}}}],
                                                       "P580": [{"datavalue": {"value": {"time": "+2013-06-00T00:00:00Z"}}}]}}],
                               "P463": [{"mainsnak": {"datavalue": {"value": {"id": "Q900001"}}}}]}},
    }}
    path = tmp_path / "wd.json"
    path.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    group, leader = import_wikidata(path)
    assert (group.id, group.kind, group.ids) == ("wikidata:q900001", "organization", {"wikidata": "Q900001"})
    assert {(a.text, a.lang) for a in group.aliases} == {("كتائب المثال", "ar"), ("Brigades Exemple", "fr")}
    assert leader.kind == "person"
    assert leader.roles[0].of == "wikidata:q900001" and leader.roles[0].start == "2013-06"
    assert leader.affiliations[0].actor == "wikidata:q900001"


def test_importers_reject_files_of_another_format(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="no Wikidata items"):
        import_wikidata(path)
