"""Letters across scripts: the one place that says which Arabic letters stand for one
another, which marks a word may carry, which one-letter words Arabic writes onto the next,
and what a word reduces to once vowels and spelling habits are set aside.

Every slice folds and keys words through these functions, so that a word matched by the
events' triggers, looked up in a word list, keyed as a name or hashed as a link anchor is
folded the same way: "Baghdad", "Bagdad" and "بغداد" give the same consonants everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# One-letter conjunctions and prepositions that Arabic script writes onto the next word
# ("وبوش": "and Bush", "لترامب": "to Trump").
ARABIC_CLITICS = "وفبلك"
# Any letter or mark of the Arabic block: text to fold, match or look up the Arabic way.
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# Vowel marks, Quranic signs and tatweel: a character class body, for patterns that let a
# vocalized word carry them after any letter ("أُصيب", "فُجِّرت").
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_MARKS = re.compile(f"[{ARABIC_MARKS}]")
# Letters written for one another: alef forms, alef maqsura and the Persian ya, ta marbuta
# and its Persian form, the Persian kaf. One for one, so folding keeps every offset.
_VARIANTS = str.maketrans("أإآٱىیۀةک", "اااايييهك")
_APOSTROPHES = re.compile("['’‘`ʿʾʼ´ʻ]")
_NON_WORD = re.compile(r"[^\w\s]|_")


def fold_variants(text: str) -> str:
    """Arabic letter variants folded, one character for one: offsets into the folded copy
    are offsets into the text."""
    return text.translate(_VARIANTS)


def strip_marks(text: str) -> str:
    """Arabic vowel marks and tatweel dropped, so vocalized and bare spellings compare equal."""
    return _MARKS.sub("", text)


def fold_letters(text: str) -> str:
    """Casefolded; diacritics, Arabic vowel marks, tatweel and apostrophes dropped; Arabic
    letter variants folded."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if unicodedata.category(ch) != "Mn")
    return fold_variants(_APOSTROPHES.sub("", text).replace("\u0640", ""))


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """A word as word lists hold it: `fold_letters`, punctuation to spaces ("إن" → "ان",
    "d’après" → "dapres"). Cached: the name rules and the KB scan fold every word of every
    document, and most words recur."""
    return _NON_WORD.sub(" ", fold_letters(word)).strip()


# Arabic letters to the consonant class their usual Latin renderings reduce to (below);
# vowels, glottal stops, ʿayn, ta marbuta and the semi-vowels carry none. Letters of other
# languages written in Arabic script (Urdu ٹ, Kurdish ڵ) go through their transliteration.
_ARABIC = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "چ": "s", "ح": "h", "ه": "h", "ھ": "h",
    "خ": "k", "ق": "k", "ك": "k", "ک": "k", "د": "d", "ذ": "d", "ض": "d", "ر": "r", "ز": "s", "ظ": "s",
    "ژ": "s", "س": "s", "ش": "s", "ص": "s", "غ": "j", "گ": "j", "ف": "f", "ڤ": "f", "ل": "l", "م": "m",
    "ن": "n",
}
_ARABIC_SILENT = set("اأإآٱىيیوؤئءعةۀ")
# Latin spellings: digraphs first, then single letters, into the same classes.
_DIGRAPHS = (("tch", "s"), ("dj", "j"), ("kh", "k"), ("gh", "j"), ("sh", "s"), ("ch", "s"), ("th", "t"),
             ("dh", "d"), ("ph", "f"), ("ck", "k"), ("gn", "n"), ("ts", "s"), ("zh", "s"))
_LATIN_LETTERS = str.maketrans({"ć": "ch", "č": "ch", "š": "sh", "ş": "sh", "ž": "zh", "ñ": "n"})
_SOFT_C = re.compile("c(?=[eiy])")
# Arabic writes the "Al"/"El" of "Albany", "Eljahmi" as its article, which keys drop.
_GLUED_ARTICLE = re.compile("^(?:al|el)(?=[a-z]{3})")
# Hebrew writes vowels with vav and yod as Arabic does with waw and ya ("לונדון", "لندن"):
# they carry no class either (transliterated, vav would read as the consonant v).
_HEBREW_SILENT = str.maketrans("", "", "וי")
_HEBREW = re.compile("[\u0590-\u05ff]")
_LATIN = str.maketrans({"q": "k", "c": "k", "g": "j", "v": "f", "p": "b", "x": "ks", "z": "s", "w": None, "y": None,
                        "a": None, "e": None, "i": None, "o": None, "u": None})
_DOUBLES = re.compile(r"(.)\1+")


def _latin_consonants(word: str) -> str:
    word = anyascii(word.translate(_LATIN_LETTERS)).lower()
    word = _SOFT_C.sub("s", _GLUED_ARTICLE.sub("", word))
    for digraph, cls in _DIGRAPHS:
        word = word.replace(digraph, cls)
    word = re.sub(r"h$", "", word)          # final -ah/-eh, like ta marbuta
    return re.sub(r"[^a-z]", "", word.translate(_LATIN))


def _arabic_consonant(ch: str) -> str:
    if ch in _ARABIC:
        return _ARABIC[ch]
    return "" if ch in _ARABIC_SILENT or not ch.isalpha() else _latin_consonants(ch)


@lru_cache(maxsize=1 << 16)
def consonants(word: str) -> str:
    """One consonant class per sound of a word, whichever script it was written in:
    "Ziyad", "Zied" and "زياد" all give "sd"; "Baghdad" and "بغداد" "bjd". Cached: link
    anchors and name keys reduce the same words again and again."""
    if ARABIC_SCRIPT.search(word):
        key = "".join(_arabic_consonant(ch) for ch in re.sub("ه$", "", word.replace("تش", "ش")))
    else:
        key = _latin_consonants(word.translate(_HEBREW_SILENT) if _HEBREW.search(word) else word)
    return _DOUBLES.sub(r"\1", key)


def coarse(key: str) -> str:
    """A consonant key with the classes scripts disagree on merged, for matching any script
    against any other: h dropped (Hebrew writes ח for Arabic ح, Urdu marks aspiration with
    ھ) and f merged with b (Hebrew פ and ב each stand for two of p, f, b, v). Name keys keep
    them: between Arabic and Latin spellings they tell names apart."""
    return _DOUBLES.sub(r"\1", key.replace("h", "").replace("f", "b"))
