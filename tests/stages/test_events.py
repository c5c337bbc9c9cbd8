"""Stage `events`: coded events on the seeds and on sentences written for the tests."""
from __future__ import annotations

import json

import pytest

from crosswire.engine.local import run_stages
from crosswire.events.storage import get_event, list_events
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions


@pytest.fixture
def coded(store, tmp_path):
    """Events of one written article (a JSON line, so it can carry a publication date)."""
    def run(text: str, published: str = "2024-03-14") -> list[dict]:
        path = tmp_path / f"doc{len(list(tmp_path.glob('*.jsonl')))}.jsonl"
        path.write_text(json.dumps({"text": text, "published": published}, ensure_ascii=False) + "\n", encoding="utf-8")
        doc_id = ingest(store, [str(path)], IngestOptions()).doc_ids[0]
        run_stages(store, ["clean", "language", "metadata", "entities", "sentences", "events"])
        return [e for e in list_events(store, limit=500) if e["doc_id"] == doc_id]
    return run


def _ids(parties: list[dict]) -> set[str]:
    return {p["entity_id"] for p in parties}


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory):
    from crosswire.eval.registry import data_root
    from crosswire.store import open_store

    folder = data_root() / "seeds"
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    with open_store(tmp_path_factory.mktemp("seeds") / "seeds.db") as store:
        ingest(store, [str(folder)], IngestOptions())
        run_stages(store)
        events = list_events(store, limit=1000)
        yield store, events


def test_the_meeting_is_one_event_with_three_participants_in_three_reports(seed_events):
    store, events = seed_events
    meetings = [e for e in events if e["type"] == "CONSULT" and "akram-al-kaabi" in _ids(e["actors"])]
    assert len({e["doc_id"] for e in meetings}) == 3
    assert len({e["group_id"] for e in meetings}) == 1
    participants = _ids(meetings[0]["actors"] + meetings[0]["targets"])
    assert all(_ids(e["actors"] + e["targets"]) == participants for e in meetings)
    assert "akram-al-kaabi" in _ids(meetings[0]["actors"])
    reports = get_event(store, meetings[0]["id"])["reports"]
    assert {r["lang"] for r in reports} == {"fr", "en"}


def test_both_claimed_strikes_have_their_targets_and_counts(seed_events):
    _, events = seed_events
    claimed = [e for e in events if e["type"] == "ASSAULT" and e["modality"] == "claimed" and e["lang"] == "fr"]
    by_target = {p["text"]: e for e in claimed for p in e["targets"]}
    assert by_target["Ain al-Assad"]["counts"]["operations"]["value"] == 3
    assert by_target["Harir"]["counts"]["drones"]["value"] == 2
    assert by_target["Harir"]["mode"] == "aerial"


def test_the_fuel_donation_has_its_quantity_and_date(seed_events):
    _, events = seed_events
    donation = next(e for e in events if e["type"] == "AID" and "litres" in e["counts"])
    assert donation["counts"]["litres"]["value"] == 10_000_000
    assert (donation["date"], donation["date_precision"]) == ("2023-11-07", "day")
    assert donation["actors"][0]["text"] == "Conseil des ministres irakien"


def test_the_air_strike_has_the_us_as_actor_and_eight_dead(seed_events):
    _, events = seed_events
    strike = next(e for e in events if e["mode"] == "aerial" and e["counts"].get("fatalities"))
    assert strike["counts"]["fatalities"]["value"] == 8
    assert "united-states" in _ids(strike["actors"])
    assert strike["acled_event_type"] in ("Battles", "Explosions/Remote violence")       # the model's call: a violent happening
    assert strike["location"]["lat"] is not None


def test_a_denial_is_coded_as_denied(coded):
    events = coded("Bridge bombed\n\nThe Northern Front denied responsibility for the bombing of the Qasr bridge in Mosul.")
    bombing = next(e for e in events if e["type"] == "ASSAULT" and "denied" in e["sentence"])
    assert bombing["modality"] == "denied" and bombing["mode"] == "explosives"
    assert [p["text"] for p in bombing["targets"]] == ["Qasr bridge"] or bombing["location"]["name"] == "Mosul"


def test_a_threat_is_not_coded_as_an_attack(coded):
    events = coded("Warning\n\nThe Dawn Brigades threatened to attack American bases in Syria if the strikes continue.")
    assert [e["type"] for e in events][:1] == ["THREATEN"]
    assert not any(e["type"] in ("ASSAULT", "FIGHT") and e["modality"] == "reported" for e in events)


def test_relative_dates_resolve_against_the_publication_date(coded):
    events = coded("Basra news\n\nPolice arrested twelve people in Basra yesterday. The parliament passed the law last year.")
    arrest = next(e for e in events if e["type"] == "COERCE")
    assert (arrest["date"], arrest["date_precision"]) == ("2024-03-13", "day")
    assert arrest["counts"] == {} or arrest["counts"].get("arrested", {}).get("value") == 12
    assert arrest["location"]["name"] == "Basra" and arrest["location"]["lat"] is not None


def test_an_arabic_car_bomb_report(coded):
    events = coded("انفجار في الموصل\n\nقتل خمسة جنود وأصيب ثلاثة آخرون أمس في هجوم بسيارة مفخخة استهدف حاجزا للجيش في الموصل.")
    attack = next(e for e in events if e["type"] == "ASSAULT" and "مفخخة" in e["sentence"])
    assert attack["mode"] == "explosives"
    assert attack["counts"]["fatalities"]["value"] == 5
    assert attack["counts"]["injured"]["value"] == 3
    assert attack["date"] == "2024-03-13"
    assert attack["location"]["name"].endswith("الموصل")


def test_rerunning_events_changes_nothing(store, seed):
    ingest(store, [str(seed("003"))], IngestOptions())
    run_stages(store, ["clean", "language", "metadata", "entities", "sentences", "events"])
    first = list_events(store, limit=500)
    run_stages(store, ["events"], force=True)
    assert list_events(store, limit=500) == first


def test_a_report_is_specific_and_talk_about_violence_is_not(coded):
    report = coded("Kirkuk\n\nA car bomb exploded near a checkpoint in Kirkuk on Monday, killing six people.")
    talk = coded("Opinion\n\nThe minister said the wave of bombings has shaken public confidence in the security forces.")
    blast = next(e for e in report if e["type"] == "ASSAULT" and "checkpoint" in e["sentence"])
    assert blast["evidence"]["specific"] and blast["counts"]["fatalities"]["value"] == 6
    assert blast["date"] == "2024-03-11"
    assert not any(e["evidence"]["specific"] for e in talk if e["type"] in ("ASSAULT", "FIGHT"))


def test_a_bomber_blowing_himself_up_is_a_report_and_a_bombing_of_years_ago_is_history(coded):
    events = coded("تفجير في المدينة\n\nوقالت مصادر محلية إن انتحاريا فجر نفسه قرب مدخل مبنى البلدية. "
                   "وكانت المدينة قد شهدت عام 1996 تفجيرا بسيارة مفخخة أسفر عن مقتل 30 شخصا.")
    bomber = next(e for e in events if e["mode"] == "suicide-attack")
    assert bomber["evidence"]["specific"] and bomber["modality"] == "reported"
    recalled = next(e for e in events if "1996" in e["sentence"] and e["type"] in ("ASSAULT", "FIGHT"))
    assert recalled["date"] == "1996" and not recalled["evidence"]["specific"]


def test_without_a_parse_the_main_event_is_what_is_reported_not_who_speaks_or_since_when(coded):
    events = coded("المدينة\n\nوقال مسؤول مشارك في محادثات التهدئة، انه في اللحظة نفسها انفجرت عبوة ناسفة قرب السوق "
                   "ما أسفر عن مقتل ثلاثة أشخاص.")
    main = [e for e in events if e["evidence"]["main"]]
    assert [e["type"] for e in main] == ["ASSAULT"] and main[0]["evidence"]["specific"]
    assert any(e["type"] == "CONSULT" and not e["evidence"]["main"] for e in events)
    events = coded("البلدة\n\nومنذ انهيار الهدنة في البلدة، خطف مسلحون مهندسا أمس قرب السوق.")
    assert [e["type"] for e in events if e["evidence"]["main"]] == ["ASSAULT"]


def test_munitions_counted_are_an_attack_only_when_fired(coded):
    stock = coded("الميناء\n\nوأظهرت الصور 40 صاروخا و12 قذيفة هاون في مخزن قرب الميناء.")
    salvo = coded("البلدة\n\nوأطلق المسلحون 12 صاروخا على البلدة الحدودية.")
    assert not any(e["evidence"]["specific"] for e in stock if e["type"] in ("ASSAULT", "FIGHT"))
    assert any(e["evidence"]["specific"] and e["counts"]["rockets"]["value"] == 12 for e in salvo if e["type"] in ("ASSAULT", "FIGHT"))


def test_unnamed_parties_are_kept_as_their_words_but_happenings_are_not_parties(coded):
    events = coded("Night in the valley\n\nMasked gunmen abducted four aid workers near Sinjar on Sunday. "
                   "An explosion killed two guards at the gate.")
    abduction = next(e for e in events if e["mode"] == "abduct")
    assert [p["text"] for p in abduction["actors"]] == ["Masked gunmen"]
    assert abduction["actors"][0]["entity_id"] is None and abduction["targets"][0]["text"] == "four aid workers"
    blast = next(e for e in events if "explosion" in e["sentence"])
    assert blast["actors"] == [] and blast["counts"]["fatalities"]["value"] == 2



def test_a_year_alone_does_not_pin_an_attack_down(coded):
    found = coded("Profile\n\nHis father was assassinated in 1999, and the family moved abroad.")
    attack = [e for e in found if e["type"] == "ASSAULT"]
    assert attack and not any(e["evidence"]["specific"] for e in attack)


def test_casualties_later_in_the_sentence_make_the_attack_a_specific_report(coded):
    found = coded("Blast\n\nاستهدف انتحاري اجتماعا لوجهاء البلدة، ما أسفر عن مقتل ثلاثة منهم.")
    main = next(e for e in found if e["evidence"]["main"])
    assert main["type"] == "ASSAULT" and main["evidence"]["specific"]


def test_a_city_whose_name_is_also_a_word_is_a_place_not_a_trigger(coded):
    found = coded("Diyala\n\nوفي بعقوبة أصيب ثلاثة مدنيين بجروح في انفجار عبوة ناسفة صباح اليوم.")
    assert found and not any(e["type"] == "SANCTION" for e in found)
    blast = next(e for e in found if e["type"] == "ASSAULT")
    assert blast["counts"]["injured"]["value"] == 3 and blast["location"]["name"] == "بعقوبة"
