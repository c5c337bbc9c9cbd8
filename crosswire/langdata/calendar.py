"""Names of days and months in every language CLDR knows (through Babel): a date's words,
never a party's or a place's."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from crosswire.langdata import load_files
from crosswire.langdata.letters import fold_word


@lru_cache(maxsize=None)
def calendar_words(lang: str | None) -> frozenset[str]:
    """Names of the days and months, wide and abbreviated, folded, from the CLDR data Babel
    ships, for the language (every language with a language file when unknown)."""
    found: set[str] = set()
    for code in [lang] if lang else sorted(load_files()):
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        for names in (locale.days, locale.months):
            for context in names.values():
                for width in ("wide", "abbreviated"):
                    found.update(fold_word(n) for n in context.get(width, {}).values())
    return frozenset(found)
