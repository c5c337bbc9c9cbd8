"""Event dates: the sentence's date words resolved against the publication date."""
from __future__ import annotations

import pytest

from crosswire.text.dates import event_date


@pytest.mark.parametrize(("sentence", "lang", "expected", "said"), [
    ("وفي 14 مارس (آذار) 2002 انفجرت عبوة قرب السوق.", "ar", ("2002-03-14", "day"), "14 مارس (آذار) 2002"),
    ("وفي يناير (كانون الثاني) 1999 خطف مسلحون مهندسا.", "ar", ("1999-01", "month"), "يناير (كانون الثاني) 1999"),
    ("The blast on 3 May (Friday) 2001 killed two.", "en", ("2001-05-03", "day"), "on 3 May (Friday) 2001"),
    ("La police a arrêté deux hommes le 9 février.", "fr", ("2010-02-09", "day"), "le 9 février"),
])
def test_a_bracketed_month_name_keeps_its_year_and_words_resolve_against_publication(sentence, lang, expected, said):
    found = event_date(sentence, lang, (0, len(sentence)), "2010-06-30", "day")
    assert (found["date"], found["precision"]) == expected
    assert sentence[found["start"]:found["end"]] == said


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    # number words and no date word: dateparser would read "one of a" as a month
    ("He is one of a number of singers to change their name.", "en", None),
    ("The couple are four from four and can do no wrong.", "en", None),
    ("Gunmen attacked the village on Monday.", "en", ("2023-11-06", "day")),
    ("Des hommes armés ont attaqué le village hier.", "fr", ("2023-11-06", "day")),
    ("هاجم مسلحون القرية أمس.", "ar", ("2023-11-06", "day")),
    # numbers alone: dateparser would read "1-3 and" as 3 January, "the 2-2" as 2 February
    ("Soldiers opened fire on the crowd, killing 1-3 and injuring 4.", "en", None),
    ("He scored in the 2-2 draw with the visitors.", "en", None),
    # date words are whole words: "we" is no Wednesday, "dans" no day, "wee" in "between" no week
    ("For most of these birds we just do not know where they winter.", "en", None),
    ("Il a demandé à voir le drapeau dans sa chambre.", "fr", None),
    ("The patrol met between 26 and 36 migrants.", "en", None),
    # "tomorrow" with its vowel mark
    ("تجرى في المدينة غداً انتخابات فرعية.", "ar", ("2023-11-08", "day")),
    # "yesterday" written without its hamza
    ("قتل مسلحون حارسا امس في السوق.", "ar", ("2023-11-06", "day")),
    ("Gunmen killed 3 guards in 2019.", "en", ("2019", "year")),
])
def test_only_date_words_or_years_make_a_date(sentence, lang, expected):
    found = event_date(sentence, lang, (0, len(sentence)), "2023-11-07", "day")
    assert (found and (found["date"], found["precision"])) == expected
