"""The framing slice's language data as folded word sequences, and finding them in text.

Words are compared folded (`letters.fold_word`: case, accents, Arabic letter variants,
apostrophes), so "Ce qu’il a appelé", "ce qu'il a appele" and a list entry written either
way meet; a word of Arabic script may carry one proclitic letter ("والمقاومة").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crosswire.langdata import for_language, load_files, words
from crosswire.langdata.letters import ARABIC_CLITICS, ARABIC_SCRIPT, fold_word

# A word, with the hyphens and apostrophes inside it ("Iranian-backed", "qu'il"), not an
# English possessive ("group’s").
WORD = re.compile(r"\w+(?:[-‑]\w+|['’](?!s\b)\w+)*")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    key: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), fold_word(m.group())) for m in WORD.finditer(text)]


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in WORD.findall(phrase))


@dataclass(frozen=True)
class Phrases:
    """Folded word sequences, each with what the list says about it."""
    entries: dict[tuple[str, ...], dict]
    longest: int
    firsts: frozenset[str]      # the first word of every entry: most tokens start none

    def find(self, tokens: list[Token], start: int = 0) -> list[tuple[int, int, dict]]:
        """Non-overlapping matches, longest first at each word, left to right: (first token,
        token after the last, entry)."""
        found, i = [], start
        while i < len(tokens):
            hit = self.at(tokens, i)
            if hit:
                found.append((i, hit[0], hit[1]))
                i = hit[0]
            else:
                i += 1
        return found

    def at(self, tokens: list[Token], i: int) -> tuple[int, dict] | None:
        """The longest entry starting at token `i`: (token after its last, entry)."""
        first = tokens[i].key
        if first not in self.firsts and first[1:] not in self.firsts:
            return None
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            key = tuple(t.key for t in tokens[i:i + n])
            if key in self.entries:
                return i + n, self.entries[key]
            first = key[0]
            if first[:1] in ARABIC_CLITICS and ARABIC_SCRIPT.match(first) and len(first) > 2 \
                    and (key := (first[1:], *key[1:])) in self.entries:
                return i + n, self.entries[key]
        return None


def _phrases(entries: dict[tuple[str, ...], dict]) -> Phrases:
    entries = {k: v for k, v in entries.items() if k}
    return Phrases(entries, max((len(k) for k in entries), default=0), frozenset(k[0] for k in entries))


@lru_cache(maxsize=None)
def word_list(key: str) -> Phrases:
    """One word list of every language file, each entry recording how it was written."""
    return _phrases({phrase_key(w): {"words": w} for w in words(key)})


@lru_cache(maxsize=None)
def tones() -> Phrases:
    """Reporting verbs whose choice colours the statement (`speech_verb_tones`)."""
    found: dict[tuple[str, ...], dict] = {}
    for data in load_files().values():
        for verb, tone in (data.get("speech_verb_tones") or {}).items():
            found[phrase_key(verb)] = {"words": verb, "tone": tone}
    return _phrases(found)


@lru_cache(maxsize=None)
def loaded_terms() -> Phrases:
    """Terms that take a side (`loaded_terms`): each with its stance and what it is about."""
    found: dict[tuple[str, ...], dict] = {}
    for data in load_files().values():
        for group in data.get("loaded_terms") or []:
            for w in group["words"]:
                found.setdefault(phrase_key(w), {"words": w, "stance": group["stance"], "about": group["about"]})
    return _phrases(found)


@lru_cache(maxsize=None)
def modifiers(lang: str | None) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """What may qualify an actor descriptor in the language: listed adjectives and
    demonyms (folded), word endings, and compound endings ("-backed")."""
    listed = {fold_word(w) for w in words("label_modifiers")}
    for demonyms in for_language(lang, "demonyms"):
        listed |= {fold_word(w) for w in demonyms}
    suffixes = [fold_word(s) if not s.startswith("-") else s for group in for_language(lang, "modifier_suffixes")
                for s in group]
    return (frozenset(listed), tuple(s for s in suffixes if not s.startswith("-")),
            tuple(" " + fold_word(s[1:]) for s in suffixes if s.startswith("-")))


def is_modifier(token: Token, lang: str | None) -> bool:
    listed, endings, compounds = modifiers(lang)
    key = token.key
    return key in listed or key.endswith(compounds) or \
        any(key.endswith(e) and len(key) >= len(e) + 3 for e in endings) or \
        (key[:1] in ARABIC_CLITICS and key[1:] in listed)


def adjective_position(lang: str | None) -> str | None:
    """Where adjectives stand against their noun in the language (`before`, `after`)."""
    found = for_language(lang, "adjective_position")
    return str(found[0]) if lang and found else None
