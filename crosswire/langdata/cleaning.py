"""Cleaning and metadata patterns, merged from every language file: cleaning runs before
language identification, and scraped pages mix languages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crosswire.langdata import longest_first, words

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


def _labelled(labels: tuple[str, ...], value: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in longest_first(labels))
    return re.compile(rf"(?:{alternatives})\s*[:：]?\s*(?P<value>{value})", _FLAGS)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, _FLAGS) for p in words(key))

    date_labels = words("date_labels")
    return Patterns(
        junk_lines=compiled("junk_lines"),
        copyright=compiled("copyright"),
        source_line=_labelled(words("source_labels"), r"\S.{0,80}"),
        date_line=_labelled(date_labels, r"[^\n]{0,40}\d[^\n]{0,40}"),
        # A date glued to the start of the first line: only numeric forms, so no sentence
        # that merely begins with a label word loses its first words.
        date_prefix=re.compile(_labelled(date_labels, r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[./]\d{1,2}[./]\d{2,4}").pattern + r"\s+(?=\S)", _FLAGS),
        tags_line=_labelled(words("tag_labels"), r".{2,300}"),
        byline=compiled("byline"),
        relay_article=compiled("relay_article"),
        relay_article_if_outlet=compiled("relay_article_if_outlet"),
        outlet_words=frozenset(w.casefold() for w in words("outlet_words")),
        generic_sources=frozenset(w.casefold() for w in words("generic_sources")),
    )
