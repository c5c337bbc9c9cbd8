from __future__ import annotations

import pytest

from crosswire.documents.metadata import article_relay, headline, parse_date


@pytest.mark.parametrize(("value", "lang", "expected"), [
    ("2023-11", None, ("2023-11", "month")),
    ("2023-11-07T10:00:00Z", None, ("2023-11-07", "day")),
    ("2021", None, ("2021", "year")),
    ("7 novembre 2023", "fr", ("2023-11-07", "day")),
    ("12 March 2024", "en", ("2024-03-12", "day")),
    ("novembre 2023", "fr", ("2023-11", "month")),
    ("١٢ مارس ٢٠٢٣", "ar", ("2023-03-12", "day")),
])
def test_dates_with_precision(value, lang, expected):
    assert parse_date(value, lang) == expected


@pytest.mark.parametrize("value", ["Wednesday", "yesterday", "a few days ago", "2999-01-01", "2023-13-45"])
def test_relative_future_or_impossible_dates_are_not_publication_dates(value):
    assert parse_date(value, "en") is None


def test_headline_needs_a_short_first_paragraph():
    assert headline("Short title\n\nBody text follows here.")[0] == "Short title"
    assert headline("This is a sentence that ends with a period.\n\nMore.") is None
    assert headline("Only one paragraph") is None


def test_relay_to_a_person_is_not_an_article_relay():
    text = "Title\n\nAccording to the minister, the talks will resume on Monday in the capital."
    assert article_relay(text, 7) is None
    text = "Title\n\nAccording to Al-Sahl News Agency, the talks will resume on Monday in the capital."
    assert article_relay(text, 7)[0] == "Al-Sahl News Agency"
