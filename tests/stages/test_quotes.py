"""Stage `quotes`: who said what, on the seeds and on sentences written for the tests."""
from __future__ import annotations

import pytest

from crosswire.engine.local import run_stages
from crosswire.ingest.pipeline import ingest
from crosswire.quotes.storage import get_quote, list_quotes
from crosswire.settings import IngestOptions


@pytest.fixture
def quoted(store, tmp_path):
    def run(text: str) -> list[dict]:
        path = tmp_path / f"doc{len(list(tmp_path.glob('*.txt')))}.txt"
        path.write_text(text, encoding="utf-8")
        doc_id = ingest(store, [str(path)], IngestOptions()).doc_ids[0]
        run_stages(store, ["clean", "language", "entities", "quotes"])
        return [q for q in list_quotes(store, limit=500) if q["doc_id"] == doc_id]
    return run


def test_seed_quotes_are_attributed_and_the_utterance_is_grouped(store, seeds_dir):
    ingest(store, [str(seeds_dir)], IngestOptions())
    run_stages(store)
    quotes = list_quotes(store, limit=500)
    french = next(q for q in quotes if q["text"].startswith("Le peuple irakien soutient toujours"))
    english = next(q for q in quotes if q["text"].startswith("The Iraqi people always stand by"))
    assert french["speaker_entity_id"] == english["speaker_entity_id"] == "akram-al-kaabi"
    assert french["via"] == english["via"] == "rt"                       # "selon Russia Today", "according to Russia Today"
    walai = [q for q in quotes if q["lang"] == "fr" and (q["speaker_text"] or "").endswith("al-Walai")]
    assert walai and all(q["speaker_entity_id"] == walai[0]["speaker_entity_id"] for q in walai)
    khazali = [q for q in quotes if q["kind"] == "indirect" and q["speaker_entity_id"] == "qais-al-khazali"]
    assert len(khazali) >= 3
    renderings = get_quote(store, french["id"])["renderings"]
    assert {r["lang"] for r in renderings} == {"fr", "en"} and len(renderings) == 3
    # "A prominent Iraqi resistance group pledges readiness …": the parse takes "pledges" into
    # its subject; the speaker is the words before the cue, and no speaker holds its cue.
    pledge = next(q for q in quotes if q["text"].startswith("readiness for military and security cooperation"))
    assert pledge["speaker_text"] == "A prominent Iraqi resistance group" and pledge["cue_text"] == "pledges"
    assert not [q for q in quotes if q["speaker_start"] is not None and q["cue_start"] is not None
                and q["speaker_start"] < q["cue_end"] and q["cue_start"] < q["speaker_end"]]


def test_an_interrupted_quote_is_rejoined(quoted):
    found = quoted("Talks\n\n“We will not leave the city,” the commander Omar Haddad said, “until the last family is safe.”\n")
    direct = [q for q in found if q["kind"] == "direct"]
    assert len(direct) == 1 and len(direct[0]["parts"]) == 2
    assert direct[0]["speaker_name"] == "Omar Haddad" and direct[0]["speaker_text"].endswith("Omar Haddad")


def test_a_pronoun_speaker_is_resolved_across_a_paragraph_break(quoted):
    found = quoted("Visit\n\nThe minister Layla Mansour arrived in Basra on Tuesday to inspect the port.\n\n"
                   "“The port will reopen within a month,” she said.\n")
    (quote,) = [q for q in found if q["kind"] == "direct"]
    assert quote["speaker_text"] == "she" and quote["speaker_name"] == "Layla Mansour"
    assert quote["evidence"]["speaker"] == "pronoun" and quote["score"] < 0.9


def test_a_quote_with_no_identifiable_speaker_is_left_unattributed(quoted):
    found = quoted("Wall\n\nThe wall near the market was covered overnight with new writing.\n\n"
                   "“Nothing will be forgotten and nothing will be forgiven here.”\n")
    (quote,) = found
    assert quote["speaker_entity_id"] is None and quote["evidence"]["speaker"] == "unattributed"


def test_arabic_reported_speech_is_attributed(quoted):
    found = quoted("بيان\n\nوقال الأمين العام لحركة النجباء أكرم الكعبي إن المقاومة مستعدة للرد على أي هجوم جديد.\n")
    (quote,) = found
    assert quote["kind"] == "indirect" and quote["speaker_entity_id"] == "akram-al-kaabi"
    assert quote["text"].startswith("المقاومة مستعدة")


def test_signed_introduced_and_verbless_quotes_find_their_speakers(quoted):
    found = quoted("Voices\n\n“The port has been closed for three weeks and nobody explains why.” ― Leila Haddad\n\n"
                   "Karim Nassar, the mayor of the town, continued:\n\n“We will reopen the market as soon as the army leaves the square.”\n\n"
                   "In March, Nadia Rahimi dismissed the plan as “a fantasy written far from the city.”\n")
    by_start = {q["text"][:12]: q for q in found if q["kind"] == "direct"}
    assert by_start["The port has"]["speaker_text"] == "Leila Haddad"
    assert by_start["We will reop"]["speaker_text"].startswith("Karim Nassar")
    assert by_start["a fantasy wr"]["speaker_text"] == "Nadia Rahimi"
    assert by_start["a fantasy wr"]["evidence"]["speaker"] == "sentence subject"


def test_a_content_word_does_not_take_the_cue_from_the_verb_of_speaking(quoted):
    found = quoted("Harbour\n\nNadia Rahimi said the recent protests demand that the council listen to the fishermen.\n")
    statement = next(q for q in found if q["kind"] == "indirect")
    assert statement["cue_text"] == "said" and statement["speaker_text"] == "Nadia Rahimi"


def test_doubled_apostrophes_quote_and_the_name_after_the_verb_speaks(quoted):
    found = quoted("Budget\n\n''This budget will not survive the winter,'' said Karim Nassar, an economist in Erbil.\n")
    (quote,) = [q for q in found if q["kind"] == "direct"]
    assert quote["text"] == "This budget will not survive the winter,"
    assert quote["speaker_text"].startswith("Karim Nassar")


def test_a_second_speaker_in_the_sentence_ends_the_first_statement(quoted):
    found = quoted("Port\n\nThe minister Layla Mansour said the port would reopen on Monday, but the harbour master Sami Aziz"
                   " warned that inspections could delay the first ships by a week.\n")
    by_text = {q["text"]: q for q in found}
    assert by_text["the port would reopen on Monday"]["speaker_name"] == "Layla Mansour"
    assert by_text["inspections could delay the first ships by a week."]["speaker_name"] == "Sami Aziz"


def test_a_closing_attribution_reports_the_whole_sentence_and_what_it_contains(quoted):
    found = quoted("Crossing\n\nThe militia has said it will not withdraw from the crossing before the talks,"
                   " officials in the province said.\n")
    outer = next(q for q in found if q["text"].startswith("The militia has said"))
    inner = next(q for q in found if q["text"].startswith("it will not withdraw"))
    assert outer["speaker_text"] == "officials in the province" and inner["speaker_text"] == "The militia"


def test_a_passive_accusation_without_an_agent_stays_unattributed(quoted):
    found = quoted("Fuel\n\nThe commander Omar Haddad was accused of diverting fuel from the northern base last winter.\n")
    (quote,) = found
    assert quote["speaker_entity_id"] is None and quote["evidence"]["speaker"] == "passive"


def test_each_turn_of_a_quoted_transcript_is_signed_by_its_label(quoted):
    found = quoted('Interview\n\nThe exchange went as follows:\n\n"HOST: Will the convoy reach the town before Friday?\n\n'
                   '"MANSOUR: It will, if the checkpoint stays open tonight."\n')
    turns = [(q["speaker_text"], q["text"]) for q in found if q["kind"] == "direct"]
    assert turns == [("HOST", "Will the convoy reach the town before Friday?"),
                     ("MANSOUR", "It will, if the checkpoint stays open tonight.")]


def test_an_attribution_set_inside_the_clause_it_reports_takes_both_halves(quoted):
    found = quoted("Talks\n\nThe minister Layla Mansour arrived in Basra on Tuesday.\n\n"
                   "The ceasefire, Mansour said on Tuesday, will hold until the talks resume in Geneva.\n")
    (quote,) = [q for q in found if q["method"] == "cue:parenthetical"]
    assert [quote["text"][:13], len(quote["parts"])] == ["The ceasefire", 2]
    assert quote["speaker_name"] == "Layla Mansour"
    narrated = quoted("Talks\n\nThe ceasefire held, Mansour said on Tuesday, as the talks resumed in Geneva.\n")
    assert not [q for q in narrated if q["method"] == "cue:parenthetical"]     # ", as …": the writer's clause


def test_a_title_case_headline_reports_speech(quoted):
    found = quoted("Militia Leader Says Fighters Will Leave Port Azrel Before Winter\n\nThe port has been closed since May.\n")
    (quote,) = [q for q in found if q["kind"] == "indirect"]
    assert quote["text"].startswith("Fighters Will Leave") and quote["cue_text"] == "Says"
