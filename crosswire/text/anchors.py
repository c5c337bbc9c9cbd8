"""Language-independent anchors and shingles for comparing documents across scripts.

Anchors are what survives translation into any language: numbers, and names compared as
consonant keys (`langdata.letters`, coarse: "London", "Лондон", "لندن" and
"לונדון" all give `lndn`). They find translations where the embedding model has no
coverage (Persian, Kurdish, Urdu, Hebrew) and add evidence everywhere else.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from datasketch import MinHash

from crosswire.langdata.letters import ARABIC_CLITICS, coarse, consonants
from crosswire.text.normalize import identity_key

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Arabic and Hebrew scripts attach the article and one-letter prepositions and conjunctions
# to the word ("لترامب", "לטראמפ": "to Trump"); a name is also looked up without them.
_PROCLITICS = re.compile(rf"^(?:[{ARABIC_CLITICS}]?ال|لل|[{ARABIC_CLITICS}]|[הובלמשכ])(?=\w{{3}})")
MIN_SKELETON = 3
MIN_NUMBER_DIGITS = 2
SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16


def _number(token: str) -> str | None:
    digits = "".join(str(unicodedata.digit(c)) for c in token if c.isdigit())
    return digits if len(digits) >= MIN_NUMBER_DIGITS else None


def _is_han_or_kana(token: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in token)


def anchors(text: str) -> set[str]:
    """Numbers (`#2019`) and name skeletons. In cased scripts only capitalised words count:
    they are names far more often than not; caseless scripts give every word a chance."""
    found: set[str] = set()
    for token in _TOKEN.findall(text):
        if any(c.isdigit() for c in token):
            if number := _number(token):
                found.add("#" + number)
            continue
        cased = token.lower() != token.upper()
        if (cased and not token[0].isupper()) or _is_han_or_kana(token):
            continue
        for form in {token, _PROCLITICS.sub("", token)}:
            if len(key := coarse(consonants(form))) >= MIN_SKELETON:
                found.add(key)
    return found


def shingles(text: str) -> set[str]:
    words = identity_key(text).split()
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def lsh_bands(shingle_set: set[str]) -> list[str]:
    """MinHash LSH band keys: documents sharing a key are near-duplicate candidates
    (banding 16×4 makes Jaccard ≥ 0.5 pairs collide with high probability)."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    rows = PERMUTATIONS // BANDS
    values = minhash.hashvalues
    return [f"{b}:{hashlib.sha1(values[b * rows:(b + 1) * rows].tobytes()).hexdigest()[:12]}" for b in range(BANDS)]


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0
