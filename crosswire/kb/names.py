"""Name keys: one actor under every spelling and script.

"Samir al-Ra’wi", "Al Rawi", "سمير الراوي" and "Zied"/"Ziyad" differ in vowels, the
Arabic article, apostrophes for ʿayn and hamza, and doubled letters; they agree on their
consonants. `folded` keeps the letters (for exact alias matching), `skeleton` keeps one
consonant class per sound, the same whichever script the name was written in.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Indel

from crosswire.langdata import words
from crosswire.text.normalize import ARABIC_CLITICS, ARABIC_SCRIPT

# Arabic letters to the consonant class their usual Latin renderings reduce to (below):
# vowels, glottal stops, ʿayn, ta marbuta and the semi-vowels carry no class.
_ARABIC = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "چ": "s", "ح": "h", "ه": "h", "ھ": "h",
    "خ": "k", "ق": "k", "ك": "k", "ک": "k", "د": "d", "ذ": "d", "ض": "d", "ر": "r", "ز": "s", "ظ": "s",
    "ژ": "s", "س": "s", "ش": "s", "ص": "s", "غ": "j", "گ": "j", "ف": "f", "ڤ": "f", "ل": "l", "م": "m",
    "ن": "n",
}
_ARABIC_ARTICLE = re.compile(r"^ال(?=\w{2,})")
# Latin spellings: digraphs first, then single letters, into the same classes.
_DIGRAPHS = (("tch", "s"), ("dj", "j"), ("kh", "k"), ("gh", "j"), ("sh", "s"), ("ch", "s"), ("th", "t"),
             ("dh", "d"), ("ph", "f"), ("ck", "k"), ("gn", "n"), ("ts", "s"), ("zh", "s"))
_LATIN_LETTERS = str.maketrans({"ć": "ch", "č": "ch", "š": "sh", "ş": "sh", "ž": "zh", "ñ": "n"})
_SOFT_C = re.compile("c(?=[eiy])")
# Arabic writes the "Al"/"El" of "Albany", "Eljahmi" as its article, which keys drop.
_GLUED_ARTICLE = re.compile("^(?:al|el)(?=[a-z]{3})")
_LATIN = str.maketrans({"q": "k", "c": "k", "g": "j", "v": "f", "p": "b", "x": "ks", "z": "s", "w": None, "y": None,
                        "a": None, "e": None, "i": None, "o": None, "u": None})
# al-, el-, ul-, and the assimilated an-, ar-, as-, ash-, at-, ad-, az-, adh-, ath- before a name.
_LATIN_ARTICLE = re.compile(r"\b(?:al|el|ul|an|ar|as|ash|at|ad|az|adh|ath)-(?=\w)|^(?:al|el) (?=\w{3,})")
_APOSTROPHES = re.compile("['’‘`ʿʾʼ´ʻ]")
_ARABIC_VARIANTS = str.maketrans("أإآٱىیۀةک", "اااايييهك")
_NON_WORD = re.compile(r"[^\w\s]|_")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=None)
def word_list(key: str) -> frozenset[str]:
    """A langdata word list (`honorifics`, `generic_org_words`) from every file, folded."""
    return frozenset(fold_word(w) for w in words(key))


def fold_word(word: str) -> str:
    """A word as word lists hold it: casefolded, no diacritics or apostrophes, Arabic letter
    variants folded ("إن" → "ان")."""
    return _NON_WORD.sub(" ", _fold_letters(word)).strip()


def bare_word(word: str, listed: frozenset[str]) -> str | None:
    """The folded word if a folded list holds it, alone or after one Arabic proclitic
    ("وفي", "بمدينة"); None otherwise."""
    word = fold_word(word)
    if word in listed:
        return word
    return word[1:] if word[:1] in ARABIC_CLITICS and word[1:] in listed else None


def _fold_letters(text: str) -> str:
    """Casefold; drop diacritics, Arabic vowel marks, tatweel and apostrophes; fold Arabic
    letter variants (alef forms, alef maqsura, ta marbuta, Persian kaf and ya)."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if unicodedata.category(ch) != "Mn")
    text = _APOSTROPHES.sub("", text).replace("\u0640", "")
    return text.translate(_ARABIC_VARIANTS)


def folded(name: str) -> str:
    """Case, diacritics, apostrophes, hyphens, honorifics and the Arabic article removed;
    letters otherwise kept: "Cheikh Samir Al-Ra’wi" → "samir rawi"."""
    text = _LATIN_ARTICLE.sub("", _fold_letters(name))
    words = [w for w in _NON_WORD.sub(" ", text).split() if w not in word_list("honorifics")]
    words = [_ARABIC_ARTICLE.sub("", w) if ARABIC_SCRIPT.search(w) else w for w in words]
    return " ".join(w for w in words if w not in ("al", "el")) or " ".join(words)


def org_key(name: str) -> str:
    """An organization's folded name without generic words: "Hezbollah al-Fajr Movement"
    and "Harakat Hezbollah al-Fajr" both give "hezbollah fajr"."""
    words = folded(name).split()
    return " ".join(w for w in words if w not in word_list("generic_org_words")) or " ".join(words)


def _skeleton_word(word: str) -> str:
    if ARABIC_SCRIPT.search(word):
        key = "".join(_ARABIC.get(ch, "") for ch in re.sub("ه$", "", word.replace("تش", "ش")))
    else:
        word = anyascii(word.translate(_LATIN_LETTERS)).lower()
        word = _SOFT_C.sub("s", _GLUED_ARTICLE.sub("", word))
        for digraph, cls in _DIGRAPHS:
            word = word.replace(digraph, cls)
        word = re.sub(r"h$", "", word)          # final -ah/-eh, like ta marbuta
        key = word.translate(_LATIN)
        key = re.sub(r"[^a-z]", "", key)
    return _DOUBLES.sub(r"\1", key)


def skeleton(name: str) -> str:
    """Consonant classes of each word of the folded name, in any script: "Ziyad al-Hamdani",
    "Zied al-Hamdani" and "زياد الحمداني" all give "zd hmdn"."""
    words = (_skeleton_word(w) for w in folded(name).split())
    return " ".join(w for w in words if w)


# Two skeletons at least this close (normalized Indel similarity, spaces ignored) may be one
# name: calibrated on the first half of the transliteration pairs (`crosswire eval names`)
# for recall. Resolution asks for more than this (kind, context, exact folded forms).
SAME_NAME = 0.75
# Skeletons shorter than this collide by chance ("Ali", "Ela", "Eli"): they must be equal.
MIN_FUZZY = 3


def name_similarity(a: str, b: str) -> float:
    """1.0 for the same skeleton; below that, how close two spellings are."""
    ka, kb = skeleton(a).replace(" ", ""), skeleton(b).replace(" ", "")
    return skeleton_similarity(ka, kb)


def skeleton_similarity(ka: str, kb: str) -> float:
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    if min(len(ka), len(kb)) < MIN_FUZZY:
        return 0.0
    return Indel.normalized_similarity(ka, kb)


def same_name(a: str, b: str) -> bool:
    return name_similarity(a, b) >= SAME_NAME
