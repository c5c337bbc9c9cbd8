"""One fold and one consonant key, shared by link anchors, name keys and word lists."""
import pytest

from crosswire.langdata import bare_word, word_set
from crosswire.langdata.letters import consonants, fold_variants, fold_word, strip_marks
from crosswire.langdata.names import skeleton
from crosswire.text.anchors import anchors


@pytest.mark.parametrize("spellings", [
    ("London", "Лондон", "لندن", "לונדון"),
    ("Baghdad", "بغداد", "Багдад"),
    ("Pakistan", "پاکستان"),
    ("Guterres", "غوتيريش", "Gutérres"),
])
def test_one_place_has_one_consonant_key_in_every_script(spellings):
    assert len({consonants(s) for s in spellings}) == 1


def test_link_anchors_and_name_keys_reduce_a_name_alike():
    """The review found "Nujaba" keyed `ngb` by the link anchors and `njb` by the KB."""
    assert skeleton("Nujaba") == consonants("Nujaba") == "njb"
    assert "njb" in anchors("Commanders of Nujaba met in Baghdad.")
    assert "njb" in anchors("التقى قادة النجباء في بغداد")


def test_folding_arabic_letter_variants_keeps_every_offset():
    text = "أعلنت إيران أنّ الهدنة انتهت"
    folded = fold_variants(text)
    assert len(folded) == len(text)
    assert folded.startswith("اعلنت ايران")
    assert folded.endswith("الهدنه انتهت")


def test_vocalized_and_bare_arabic_compare_equal():
    assert strip_marks("فُجِّرَت") == "فجرت"
    assert fold_word("أُصيبَ") == fold_word("اصيب")


def test_word_lists_are_read_folded_and_found_after_a_proclitic():
    assert fold_word("D’après") in word_set("according_to")
    place_cues = word_set("place_cues")
    assert bare_word("وفي", place_cues) == "في"
    assert bare_word("وفيلم", place_cues) is None
