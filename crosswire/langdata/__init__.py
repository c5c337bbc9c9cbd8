"""Load the per-language pattern files of this folder into compiled, merged patterns."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_FLAGS = re.IGNORECASE | re.UNICODE


@dataclass(frozen=True)
class Patterns:
    junk_lines: tuple[re.Pattern[str], ...]
    copyright: tuple[re.Pattern[str], ...]
    source_line: re.Pattern[str]
    date_line: re.Pattern[str]
    date_prefix: re.Pattern[str]
    tags_line: re.Pattern[str]
    byline: tuple[re.Pattern[str], ...]
    relay_article: tuple[re.Pattern[str], ...]
    relay_article_if_outlet: tuple[re.Pattern[str], ...]
    outlet_words: frozenset[str]
    generic_sources: frozenset[str]


def longest_first(items: Iterable[str]) -> list[str]:
    """Distinct words, longest first so that a regex alternation prefers the longer match;
    ties in a fixed order, so that matching never depends on the interpreter's hash seed."""
    return sorted(set(items), key=lambda w: (-len(w), w))


def _labelled(labels: list[str], value: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in longest_first(labels))
    return re.compile(rf"(?:{alternatives})\s*[:：]?\s*(?P<value>{value})", _FLAGS)


@lru_cache(maxsize=1)
def load_files() -> dict[str, dict]:
    folder = resources.files("crosswire.langdata")
    files = {f.name.removesuffix(".yaml"): yaml.safe_load(f.read_text("utf-8")) or {}
             for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".yaml")}
    for name, data in files.items():
        _check_words(f"{name}.yaml", data)
    return files


def _check_words(where: str, value: object) -> None:
    """Word lists hold words: YAML reads a bare on/no/yes as a boolean, which must be quoted."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _check_words(f"{where}: {key}", inner)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, bool):
                raise ValueError(f"crosswire/langdata/{where}: {item!r} is a YAML boolean; quote the word")
            _check_words(where, item)


@lru_cache(maxsize=None)
def words(key: str) -> tuple[str, ...]:
    """One word list (`honorifics`, `role_words`…) from every language file, as written."""
    return tuple(dict.fromkeys(w for data in load_files().values() for w in data.get(key, [])))


@lru_cache(maxsize=None)
def word_pattern(key: str, joiner: str = r"\ ", after: str = r"(?!\w)", hyphens: bool = False) -> re.Pattern[str]:
    """Any word or phrase of one list, as a whole word in any letter case, longest first;
    `joiner` replaces the spaces of a phrase (and its hyphens, with `hyphens`), `after`
    says what must follow it."""
    alternatives = []
    for word in longest_first(words(key)):
        escaped = re.escape(word).replace(r"\ ", joiner)
        alternatives.append(escaped.replace(r"\-", joiner) if hyphens else escaped)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)


@lru_cache(maxsize=None)
def lowered(key: str) -> frozenset[str]:
    """One list, lower-cased, for membership tests."""
    return frozenset(w.lower() for w in words(key))


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    merged: dict[str, list[str]] = {}
    for data in load_files().values():
        for key, values in data.items():
            merged.setdefault(key, []).extend(values)

    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, _FLAGS) for p in merged.get(key, []))

    date_labels = merged.get("date_labels", [])
    return Patterns(
        junk_lines=compiled("junk_lines"),
        copyright=compiled("copyright"),
        source_line=_labelled(merged.get("source_labels", []), r"\S.{0,80}"),
        date_line=_labelled(date_labels, r"[^\n]{0,40}\d[^\n]{0,40}"),
        # A date glued to the start of the first line: only numeric forms, so no sentence
        # that merely begins with a label word loses its first words.
        date_prefix=re.compile(_labelled(date_labels, r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}").pattern + r"\s+(?=\S)", _FLAGS),
        tags_line=_labelled(merged.get("tag_labels", []), r".{2,300}"),
        byline=compiled("byline"),
        relay_article=compiled("relay_article"),
        relay_article_if_outlet=compiled("relay_article_if_outlet"),
        outlet_words=frozenset(w.casefold() for w in merged.get("outlet_words", [])),
        generic_sources=frozenset(w.casefold() for w in merged.get("generic_sources", [])),
    )
