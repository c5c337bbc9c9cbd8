from __future__ import annotations

import json
import re

import pytest

from crosswire.documents.language import identify


def test_mixed_language_document_shows_each_paragraph(cli, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text(
        "Statement of the movement\n\n"
        "The spokesman of the movement said on Monday that the talks would continue until an agreement was reached.\n\n"
        "وقال المتحدث باسم الحركة يوم الاثنين إن المحادثات ستستمر حتى التوصل إلى اتفاق نهائي بين الطرفين.\n\n"
        "He added that both delegations had agreed to meet again next week in the capital to discuss the details.",
        encoding="utf-8",
    )
    cli("run", str(path))
    doc = json.loads(cli("docs", "--json").output)[0]
    shown = json.loads(cli("show", doc["id"], "--json").output)
    assert doc["lang"] == "en"
    assert [p["lang"] for p in shown["paragraphs"]][1:] == ["en", "ar", "en"]
    shares = next(f["value"] for f in shown["fields"] if f["key"] == "langs")
    assert re.fullmatch(r"en [\d.]+%, ar [\d.]+%", shares), shares          # the larger share first


@pytest.mark.parametrize(("text", "lang"), [
    ("“Al-Nujaba monitors all the unofficial movements in the country,” Al Kaabi says.", "en"),
    ("« Nous ne reculerons pas », a déclaré le porte-parole du mouvement.", "fr"),
    ("گفت که مذاکرات تا رسیدن به توافق ادامه خواهد داشت", "fa"),
])
def test_quotes_and_punctuation_do_not_mislead(text, lang):
    assert identify(text)[0] == lang
