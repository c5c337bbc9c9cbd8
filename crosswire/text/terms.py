"""Content words weighted by rarity: what places stories on one topic.

Stories on one topic (two strikes on one base, two kidnappings in one province) share their distinctive
vocabulary more than their sentence vectors, which also reward shared genre and tone;
TF-IDF is the classic measure of topic detection and tracking. A word's rarity is its
document frequency in the store, smoothed towards how often the language uses it
(wordfreq's frequency lists), so a store of ten articles does not find "kidnapping" as common
as "the" merely because half of them use both.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from wordfreq import available_languages, get_frequency_dict, zipf_frequency

from crosswire.langdata.letters import strip_marks

# Words of three letters or more in any script; digits and underscores are not words.
_WORD = re.compile(r"[^\W\d_]{3,}")


def content_terms(text: str, title: str | None = None) -> Counter[str]:
    """Case-folded word counts; the title's words count again, as it names the topic."""
    return Counter(_WORD.findall(strip_marks(f"{text}\n{title or ''}").casefold()))


# Words in a typical news article: turns a word's frequency into the chance that an
# article uses it.
ARTICLE_WORDS = 400
# How many documents the language's general usage counts for against the store's own.
PRIOR_DOCUMENTS = 3
# Zipf frequency (log10 per billion words) given to words the lists do not have.
RARE_ZIPF = 1.0
_LANGUAGES = frozenset(available_languages())


@lru_cache(maxsize=200_000)
def usage(term: str, lang: str | None) -> float:
    """Chance that an article in `lang` uses the word; without a frequency list for the
    language, a neutral prior that leaves the store's counts to decide."""
    if lang not in _LANGUAGES:
        return 1 / PRIOR_DOCUMENTS
    return min(1.0, ARTICLE_WORDS * 10 ** (max(word_zipf(term, lang), RARE_ZIPF) - 9))


def word_zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency of one word. For languages whose word splitter wordfreq
    imports from packages not installed here (jieba for Chinese, MeCab for Japanese and
    Korean), the word is looked up in the list as it is: one word needs no splitting."""
    if not _splitter_missing(lang):
        return zipf_frequency(word, lang)
    frequency = get_frequency_dict(lang).get(word.casefold(), 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


@lru_cache(maxsize=None)
def _splitter_missing(lang: str) -> bool:
    try:
        zipf_frequency("a", lang)
    except ModuleNotFoundError:
        return True
    return False


def weights(terms: Mapping[str, int], df: Mapping[str, int], documents: int, lang: str | None) -> dict[str, float]:
    """Unit-length TF-IDF vector: sublinear tf; idf from the share of stored documents using
    the word, smoothed towards the language's usage."""
    raw = {t: (1 + math.log(n)) * math.log((documents + PRIOR_DOCUMENTS) / (df.get(t, 0) + PRIOR_DOCUMENTS * usage(t, lang)))
           for t, n in terms.items()}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {t: w / norm for t, w in raw.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
