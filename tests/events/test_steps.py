"""Each step of event coding, alone, on sentences written for these tests: spot → read the
sentence → type → parties → place, date, counts → specificity."""
from __future__ import annotations

from functools import lru_cache

import pytest

from crosswire.entities.stage import find_entities
from crosswire.events.groups import event_groups
from crosswire.events.records import party_record, place_record
from crosswire.events.stage import (
    _circumstances,
    _Document,
    _Draft,
    _location,
    _parties,
    _read_sentence,
    _specificity,
    _spot,
    _type,
)
from crosswire.kb.index import KnowledgeBase
from crosswire.kb.storage import starter_actors
from crosswire.langdata.places import gazetteer
from crosswire.text.syntax import parse_sentences


@lru_cache(maxsize=1)
def _kb() -> KnowledgeBase:
    return KnowledgeBase(starter_actors(), "test", gazetteer())


def _document(text: str, lang: str, published: str | None = "2024-03-12") -> _Document:
    mentions = sorted((m.record() for m in find_entities(text, lang, _kb())), key=lambda m: m["start"])
    return _Document("test", text, lang, published, "day" if published else "unknown", mentions, _kb(), {})


def _drafts(doc: _Document) -> list[_Draft]:
    """The steps in the stage's order, for every sentence."""
    spotted = {s: found for s, found in _spot(doc).items() if found}
    parsed = parse_sentences(doc.text, list(spotted), doc.lang)
    drafts: list[_Draft] = []
    for span, found in spotted.items():
        sentence = _read_sentence(doc, span, found, parsed, [])
        for i, event in enumerate(sentence.groups):
            draft = _Draft(sentence, i, event, region=(span[0], span[1]))
            _type(doc, draft)
            _parties(doc, draft, drafts)
            _circumstances(doc, draft, None)
            _specificity(doc, draft)
            drafts.append(draft)
    return drafts


def test_spotting_skips_trigger_words_inside_a_place_name():
    """"بعقوبة" (Baqubah) holds "عقوبة" (a sanction)."""
    doc = _document("وصل الوزير إلى بعقوبة صباح اليوم.", "ar")
    assert all(t.type != "SANCTION" for found in _spot(doc).values() for t in found)


def test_the_main_event_of_a_sentence_is_what_it_reports_not_its_background():
    doc = _document("After the ceasefire collapsed, gunmen attacked a police post in Kirkuk on Monday.", "en")
    sentence = next(_read_sentence(doc, span, found, parse_sentences(doc.text, [span], "en"), [])
                    for span, found in _spot(doc).items() if found)
    main = sentence.groups[sentence.main]
    assert doc.text[main[0].start:main[0].end] == "attacked"


def test_a_threat_is_typed_with_its_modality():
    [draft] = _drafts(_document("Iran threatened to attack American bases in the region.", "en"))
    assert draft.modality == "threatened"


def test_a_passive_sentence_makes_its_agent_the_actor_and_its_subject_the_target():
    drafts = _drafts(_document("Two journalists were arrested by Turkish police in Istanbul on Sunday.", "en"))
    arrest = next(d for d in drafts if d.type == "COERCE")
    assert [a["entity_id"] for a in arrest.actors] == ["turkey"]           # "Turkish police": the state acts
    assert [t["text"] for t in arrest.targets] == ["Two journalists"]      # not "Sunday"
    assert arrest.place and arrest.place["name"] == "Istanbul"


def test_the_harmed_subject_of_a_passive_never_acts():
    [killing] = [d for d in _drafts(_document("The rebels said one Syrian soldier was killed near the dam.", "en"))
                 if d.type in ("ASSAULT", "FIGHT")]
    assert "syria" not in [a["entity_id"] for a in killing.actors]
    assert [t["entity_id"] for t in killing.targets] == ["syria"]


def test_the_target_of_a_relative_clause_after_a_noun_trigger_is_struck():
    """"the air attack that X carried out against Y": Y is the target, not the pronoun "that"."""
    [strike] = _drafts(_document("He mentioned the air attack that the American occupation carried out a few days ago "
                                 "against the Kataib Velmar headquarters near the border, which killed 8 fighters.", "en"))
    assert [t["text"] for t in strike.targets] == ["Kataib Velmar"]


def test_a_place_reached_by_a_visit_is_its_target():
    [visit] = _drafts(_document("The Iraqi prime minister arrived in Amman on Tuesday.", "en"))
    assert visit.place["name"] == "Amman"
    assert [t["text"] for t in visit.targets] == ["Amman"]


@pytest.mark.parametrize(("text", "specific"), [
    ("Gunmen killed four villagers in Kirkuk on Monday.", True),
    ("In 1996, a car bomb killed dozens of people in the city.", False),
])
def test_specificity_tells_a_report_from_history(text, specific):
    violent = [d for d in _drafts(_document(text, "en")) if d.type in ("ASSAULT", "FIGHT")]
    assert violent and violent[0].specific is specific


def test_a_country_the_knowledge_base_holds_is_its_own_country():
    """The KB's Iraq has no coordinates; its country is Iraq, not that of some other place
    the document names."""
    drafts = _drafts(_document("He visited Beijing last year. US forces in Iraq were attacked by drones on Monday, "
                               "killing two soldiers.", "en"))
    attack = next(d for d in drafts if d.type in ("ASSAULT", "FIGHT"))
    assert (attack.place["name"], attack.place["country"]) == ("Iraq", "Iraq")


@pytest.mark.parametrize(("text", "name", "admin1", "country"), [
    # an unlisted village named with its kind, in a first-level area the gazetteer knows
    ("On Monday, in Tha Yet Pin village (Sagaing region), soldiers killed three villagers.", "Tha Yet Pin",
     "Sagaing", "Myanmar"),
    # "X, Area": the village before the area, even where a model read a person's name
    ("Artillery shelled Marivka, Donetsk, on Sunday, killing two civilians.", "Marivka", "Donetsk", "Ukraine"),
    # a first-level area with its kind: the place is the area's name
    ("On Friday, soldiers killed two farmers in Kayah state.", "Kayah", None, "Myanmar"),
    # a name after "in", before the police station that was struck there
    ("On Friday, in Wakra town, gunmen opened fire on the Kalo police station, wounding a guard.", "Wakra", None,
     None),
    # "X (District, Area)": the place before the brackets of its areas, not the district in them
    ("On Friday, gunmen attacked residents of Dalwa (Kwande, Benue), killing four farmers.", "Dalwa", "Benue",
     "Nigeria"),
    # a place of its own kind before the brackets: "Dura city (Hebron, West Bank)"
    ("On Friday, soldiers shot dead a shepherd near Kafrin village (Tubas, West Bank).", "Kafrin", "West Bank",
     "Palestinian Territory"),
])
def test_the_place_is_where_news_writes_it(text, name, admin1, country):
    violent = [d for d in _drafts(_document(text, "en")) if d.type in ("ASSAULT", "FIGHT", "COERCE")]
    assert violent
    place = violent[0].place
    assert (place["name"], place["admin1"], place["country"]) == (name, admin1, country)


@pytest.mark.parametrize(("text", "place"), [
    ("Protesters marched in central Thessaloniki on Saturday.", "Thessaloniki"),   # "The…" is not "the"
    ("Two workers were killed near Los Alamos on Tuesday.", "Los Alamos"),          # "Los" alone is no city
])
def test_a_known_place_name_is_read_whole(text, place):
    names = [text[m["start"]:m["end"]] for m in _document(text, "en").mentions if m["kind"] == "location"]
    assert place in names


def test_a_city_s_other_name_opening_a_longer_name_is_not_that_city():
    """"Dar" is one of Dar es Salaam's names in GeoNames; "Dar el Hamra" is another place."""
    text = "Troops destroyed militant hideouts at Dar el Hamra (Bama, Borno) on Tuesday."
    assert not [m for m in _document(text, "en").mentions if text[m["start"]:m["end"]] == "Dar"]


def test_the_area_named_beside_a_place_says_its_country():
    """A town that shares its name with a city abroad is in the country of the first-level
    area written beside it."""
    [attack] = [d for d in _drafts(_document("Gunmen killed two farmers in Kani township (Yinmarbin district, "
                                             "Sagaing region) on Tuesday.", "en")) if d.type in ("ASSAULT", "FIGHT")]
    assert (attack.place["name"], attack.place["country"], attack.place["lat"]) == ("Kani", "Myanmar", None)


@pytest.mark.parametrize(("text", "country", "lat"), [
    ("Russian artillery shelled Lyptsi, Kharkiv region, on Sunday, killing two civilians.", "Ukraine", 50.2),
    # "Granada" is Grenada only in Spanish: in English it is the city
    ("Hundreds of students protested in Granada on Monday against tuition fees.", "Spain", 37.2),
])
def test_a_small_town_goes_on_the_map_in_its_country(text, country, lat):
    [event] = _drafts(_document(text, "en"))
    assert event.place["country"] == country and abs(event.place["lat"] - lat) < 0.1


def test_a_groups_acronym_that_is_also_a_town_abroad_says_nothing_of_the_country():
    """"(ALP)" after a party's name is the party, though a town abroad is spelt so: the town
    named beside the place says where it is."""
    [attack] = [d for d in _drafts(_document("Gunmen shot dead two members of the Hill People's Party (ALP) in "
                                             "Kolapara village (Bandarban) on Monday.", "en")) if d.type in ("ASSAULT", "FIGHT")]
    assert attack.place["country"] == "Bangladesh"


def test_a_town_without_a_gazetteer_entry_takes_the_country_of_the_area_named_beside_it():
    """The nearby district's name also names a town abroad; the first-level area after it says where."""
    [attack] = [d for d in _drafts(_document("Gunmen killed a teacher in Dara Kalay village of Rustaq district, "
                                             "Takhar on Monday.", "en")) if d.type in ("ASSAULT", "FIGHT")]
    assert attack.place["country"] == "Afghanistan"


def _event(event_id: str, date: str, place: dict | None, actors: list[dict]) -> dict:
    return {"id": event_id, "type": "FIGHT", "date": date, "date_precision": "day", "group_id": None, "doc_id": event_id,
            "actors": [party_record(a) for a in actors], "targets": [], "location": place_record(place)}


def test_reports_join_a_happening_only_if_they_agree_with_every_report_of_it():
    """Two days of a war, told in three documents: "Russian forces" alone ties nothing
    together, and a report agreeing with one day but not the other joins neither."""
    army = {"entity_id": "army-7", "method": "kb"}
    russian = {"entity_id": "russia", "method": "demonym"}
    town = {"name": "Dolyna", "entity_id": "geonames:1", "lat": 47.0, "admin1": "Mykolaiv", "country": "Ukraine"}
    other = {"name": "Pisky", "entity_id": "geonames:2", "lat": 48.0, "admin1": "Donetsk", "country": "Ukraine"}
    first, second = _event("a", "2022-06-14", town, [army, russian]), _event("b", "2022-06-16", other, [army, russian])
    first["group_id"] = second["group_id"] = "g"          # grouped earlier, as a wrong chain would have
    late = _event("c", "2022-06-15", town, [army])
    [row] = event_groups([{"events": [late], "related_events": [first, second]}])
    assert row["event_groups"][0]["group_id"] == "c"
    nation_only = _event("d", "2022-06-14", None, [russian])
    [row] = event_groups([{"events": [nation_only], "related_events": [_event("a", "2022-06-14", town, [army, russian])]}])
    assert row["event_groups"][0]["group_id"] == "d"


def test_outlets_naming_different_countries_for_one_meeting_still_report_one_happening():
    host = {"entity_id": "host-1", "method": "kb"}
    in_iraq = _event("a", "2021-05-10", {"name": "Irak", "entity_id": "iraq", "lat": None, "country": "Iraq"}, [host])
    for_palestine = _event("b", "2021-05-10", {"name": "Palestine", "entity_id": "palestine", "lat": None, "country": None},
                           [host])
    [row] = event_groups([{"events": [for_palestine], "related_events": [in_iraq]}])
    assert row["event_groups"][0]["group_id"] == "a"


@pytest.mark.parametrize(("text", "lang", "specific"), [
    ("The army has been staging incessant attacks on the villages of the valley.", "en", False),
    ("Les milices continuent de cibler les convois de l'armée dans la région.", "fr", False),
    ("On 12 March 2024, the army repeatedly shelled Kherson, killing 3 civilians.", "en", True),   # a day: one happening
])
def test_a_habit_or_campaign_is_no_happening_unless_a_day_pins_it(text, lang, specific):
    [violent] = [d for d in _drafts(_document(text, lang)) if d.type in ("ASSAULT", "FIGHT")][:1]
    assert violent.habitual is not specific and violent.specific is specific


@pytest.mark.parametrize(("text", "lang", "place"), [
    ("Hundreds of students protested at Union Square in Chicago on Saturday against tuition fees.", "en", "Chicago"),
    ("Gunmen shot dead two shopkeepers in the Bab al-Sharqi area of Baghdad city on Monday.", "en", "Baghdad"),
    ("Des hommes armés ont tué deux commerçants dans le quartier de Bab Sebta à Tripoli, lundi.", "fr", "Tripoli"),
    # a building: the town after it need not be in the gazetteer
    ("Teachers rallied outside Ridgeview High School in Almonte on Tuesday to demand smaller classes.", "en", "Almonte"),
    # a building in a neighbourhood of a town
    ("A gunman shot a candidate at his campaign office in the Riverside neighborhood of Louisville on Monday.", "en",
     "Louisville"),
    # an area no gazetteer lists, of a small town GeoNames knows in the country named
    ("Gunmen killed three farmers in the Kusumma area of Monguno, Borno state, on Friday.", "en", "Monguno"),
])
def test_a_site_in_a_town_is_coded_to_the_town(text, lang, place):
    """ACLED codes an event at a square, a market or a city's quarter to the town it is in."""
    assert {d.place["name"] for d in _drafts(_document(text, lang))} == {place}


@pytest.mark.parametrize(("text", "place"), [
    # a place no gazetteer lists, then, after a comma, a town written with its kind
    ("On Monday, gunmen killed two hunters in Kwaljiri, Monguno LGA (Borno).", "Monguno"),
    # an unknown part of an unknown district of a known city: one step further
    ("On Monday, a bomb exploded at a checkpoint in the Lowarkhel area of PD9, Kandahar city, killing two.", "Kandahar"),
    # the holder told the first time only holds the place told bare later
    ("On Monday, in the Lowarkhel area of Kandahar city, gunmen attacked a police post. Two gunmen were killed in "
     "the Lowarkhel area.", "Kandahar"),
])
def test_an_unlisted_part_of_a_town_is_coded_to_the_town(text, place):
    """ACLED codes a neighbourhood it cannot locate to the town named as holding it."""
    [event] = [d for d in _drafts(_document(text, "en")) if d.type in ("ASSAULT", "FIGHT", "ATTACK", "COERCE")][:1]
    assert event.place["name"] == place


@pytest.mark.parametrize(("text", "place"), [
    # an area of a district is often a place of its own in ACLED's gazetteer
    ("Turkish drones struck fighters in the Gara area in Amadiya district on Monday, killing two.", "Gara"),
    # after a comma comes the village's region, not the town it is in
    ("Russian forces shelled the area of Staryi Saltiv, Kharkiv, on Monday, killing a man.", "Staryi Saltiv"),
    # a village is a settlement of its own, whatever township holds it
    ("On Monday, soldiers shot dead two men in Kyar Inn village of Gwoza township (Borno state, Nigeria).", "Kyar Inn"),
    # after a comma, a bare name may be ACLED's municipality, and a town's kind in a
    # place's name makes it a town of its own
    ("On Monday, arsonists set fire to a school in Brantvik, Gothenburg, Sweden, and shot a guard.", "Brantvik"),
    ("On Monday, in Nyaung Kone Town, Taunggyi township (Shan State), soldiers shot dead two men.", "Nyaung Kone Town"),
    # after a comma, a region named after its seat is the region ("Odeska oblast")
    ("Russian forces shelled Staryi Vyhin, Odesa, on Monday, killing a man.", "Staryi Vyhin"),
])
def test_a_place_is_kept_when_no_town_holds_it(text, place):
    [event] = [d for d in _drafts(_document(text, "en")) if d.type in ("ASSAULT", "FIGHT")]
    assert event.place["name"] == place


def test_the_town_that_opens_the_sentence_places_an_attack_on_a_countrys_army():
    """"In X township, … against the Myanmar military": the army's country is no place of the
    event, even when the event's part of the sentence starts after the town."""
    text = "In Thazi township, resistance fighters carried out mine attacks against a convoy of the Myanmar military."
    doc = _document(text, "en")
    army = next(m for m in doc.mentions if text[m["start"]:m["end"]] == "Myanmar")
    region = (text.index("attacks"), len(text))
    place = _location(text, "en", region, (0, len(text)), [army], [army], doc.mentions, _kb(), doc.mentions)
    assert place["name"] == "Thazi"


def test_a_country_the_kb_holds_without_coordinates_is_not_its_namesake_town_abroad():
    """The starter KB knows Palestine, with no coordinates; GeoNames' only settlement of that
    name is in Texas, where the event must not be put."""
    [event] = [d for d in _drafts(_document("Soldiers arrested three students in Palestine on Monday.", "en"))
               if d.place]
    assert event.place["name"] == "Palestine" and event.place["lat"] is None
