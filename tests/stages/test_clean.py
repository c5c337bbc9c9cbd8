from __future__ import annotations

import pytest

from crosswire.documents.clean import clean_body, is_tag_line


@pytest.mark.parametrize("line", ["IraqIranMiddle EastPalestine", "World | Middle East | Iraq", "Home > News > Politics"])
def test_tag_lines(line):
    assert is_tag_line(line)


@pytest.mark.parametrize("line", ["McDonald's opens first branch in Baghdad", "Iraqi resistance ‘ready for military cooperation’",
                                  "Gaza: the night the tower fell"])
def test_headlines_are_not_tag_lines(line):
    assert not is_tag_line(line)


def test_copyright_source_and_share_lines_in_three_languages():
    body = ("Headline of the day\n\nFirst paragraph of the story, which is long enough to read as a sentence.\n\n"
            "Partager sur Facebook\n\nاقرأ أيضا: تقرير عن الهدنة\n\nSource: Reuters\n\n"
            "جميع الحقوق محفوظة لوكالة الأنباء الوطنية")
    text, fields = clean_body(body, set())
    assert text == "Headline of the day\n\nFirst paragraph of the story, which is long enough to read as a sentence."
    found = {(f["key"], f["value"]) for f in fields}
    assert ("source_line", "Reuters") in found
    assert ("copyright_holder", "وكالة الأنباء الوطنية") in found
    assert ("junk", "Partager sur Facebook") in found
    for f in fields:
        assert body[f["start"]:f["end"]].strip()


def test_sentence_mentioning_sharing_is_kept():
    body = ("Water is scarce\n\nFamilies share water with their neighbours, and many said they had not washed in a week.\n\n"
            "Share this article")
    text, _ = clean_body(body, set())
    assert "Families share water" in text and "Share this article" not in text


def test_inline_date_prefix_is_removed_from_the_first_line_only():
    body = "date 2023-11 The minister said the date 2024-01 was final for the vote.\n\nSecond paragraph here, as a sentence."
    text, fields = clean_body(body, set())
    assert text.startswith("The minister said the date 2024-01 was final")
    assert [(f["key"], f["value"]) for f in fields] == [("date_line", "2023-11")]


def test_short_trailing_lines_become_footer_but_quotes_stay():
    body = "Title line\n\nA long sentence that makes this an article about something that happened.\n\n“We will return,” he said\n\nPhoto: staff"
    text, fields = clean_body(body, set())
    assert "“We will return,” he said" in text
    assert ("footer", "Photo: staff") in {(f["key"], f["value"]) for f in fields}
