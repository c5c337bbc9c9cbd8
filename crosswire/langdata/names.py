"""Name keys: one actor under every spelling and script.

"Samir al-Ra’wi", "Al Rawi", "سمير الراوي" and "Zied"/"Ziyad" differ in vowels, the
Arabic article, apostrophes for ʿayn and hamza, and doubled letters; they agree on their
consonants. `folded` keeps the letters (for exact alias matching), `skeleton` keeps one
consonant class per sound, the same whichever script the name was written in.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel

from crosswire.langdata import word_set
from crosswire.langdata.letters import ARABIC_SCRIPT, consonants, fold_letters

_ARABIC_ARTICLE = re.compile(r"^ال(?=\w{2,})")
# al-, el-, ul-, and the assimilated an-, ar-, as-, ash-, at-, ad-, az-, adh-, ath- before a name.
_LATIN_ARTICLE = re.compile(r"\b(?:al|el|ul|an|ar|as|ash|at|ad|az|adh|ath)-(?=\w)|^(?:al|el) (?=\w{3,})")
_NON_WORD = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=1 << 16)
def folded(name: str) -> str:
    """Case, diacritics, apostrophes, hyphens, honorifics and the Arabic article removed;
    letters otherwise kept: "Cheikh Samir Al-Ra’wi" → "samir rawi". Cached: the KB scan
    folds every run of words of every document, and most recur."""
    text = _LATIN_ARTICLE.sub("", fold_letters(name))
    words = [w for w in _NON_WORD.sub(" ", text).split() if w not in word_set("honorifics")]
    words = [_ARABIC_ARTICLE.sub("", w) if ARABIC_SCRIPT.search(w) else w for w in words]
    return " ".join(w for w in words if w not in ("al", "el")) or " ".join(words)


def org_key(name: str) -> str:
    """An organization's folded name without generic words: "Hezbollah al-Fajr Movement"
    and "Harakat Hezbollah al-Fajr" both give "hezbollah fajr"."""
    words = folded(name).split()
    return " ".join(w for w in words if w not in word_set("generic_org_words")) or " ".join(words)


def skeleton(name: str) -> str:
    """Consonant classes of each word of the folded name, in any script: "Ziyad al-Hamdani",
    "Zied al-Hamdani" and "زياد الحمداني" all give "sd hmdn"."""
    words = (consonants(w) for w in folded(name).split())
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
