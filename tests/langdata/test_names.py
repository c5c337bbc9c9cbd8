"""Name keys: one actor under every spelling and script, two people kept apart."""
from __future__ import annotations

import pytest

from crosswire.langdata.names import folded, org_key, same_name, skeleton


@pytest.mark.parametrize("variants", [
    ["Akram al-Kaabi", "Akram al-Ka’abi", "Cheikh Akram Al-Kaabi", "أكرم الكعبي"],
    ["Zied al-Nakhalah", "Ziyad al-Nakhalah", "زياد النخالة"],
    ["Hashd al-Sha’abi", "Hashd al-Shaabi", "الحشد الشعبي"],
    ["Jaraf al-Nasr", "Jarf al-Nasr", "جرف النصر"],
    ["Muqtada al-Sadr", "Moqtada as-Sadr", "مقتدى الصدر"],
])
def test_spellings_and_scripts_share_a_key(variants):
    assert len({skeleton(v) for v in variants}) == 1
    assert all(same_name(variants[0], v) for v in variants)


def test_folding_drops_titles_article_and_apostrophes_but_keeps_letters():
    assert folded("Cheikh Akram Al-Ka’abi") == "akram kaabi"
    assert folded("الشيخ أكرم الكعبي") == "اكرم كعبي"
    assert folded("Al Kaabi") == "kaabi"


def test_different_people_sharing_a_surname_differ():
    assert not same_name("Akram al-Kaabi", "Ali al-Kaabi")
    assert not same_name("Qais al-Khazali", "Laith al-Khazali")


def test_organization_key_ignores_generic_words_in_any_language():
    assert org_key("Hezbollah al-Nujaba Movement") == org_key("Harakat Hezbollah al-Nujaba")
    assert org_key("حركة النجباء") == folded("النجباء")
