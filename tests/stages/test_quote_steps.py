"""The quote extractor's steps, alone, on sentences written for these tests."""
from crosswire.quotes.stage import _direct, _scare_quote, _statements


def test_a_quote_interrupted_by_its_cue_is_one_quote_with_two_parts():
    text = "« Nous ne céderons pas », a déclaré le ministre, « ni aujourd'hui, ni demain, ni jamais »."
    [found] = _direct(text)
    assert len(found.parts) == 2
    assert text[found.cue[0]:found.cue[1]] == "a déclaré"


def test_reported_speech_is_one_statement_with_its_cue():
    text = "The spokesman said that the talks in Doha had failed because neither side would give ground."
    [found] = _statements(text, _direct(text))
    assert found.kind == "indirect"
    assert text[found.cue[0]:found.cue[1]] == "said"
    assert text[found.start:found.end].startswith("the talks in Doha")


def test_a_few_words_in_quotation_marks_are_a_scare_quote_not_speech():
    text = 'He praised what he called the Iraqi "resistance" in a speech on Sunday.'
    assert [_scare_quote(text, f) for f in _direct(text)] == [True]
