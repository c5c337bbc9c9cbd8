"""When an event happened: the date words of its sentence, resolved against the
document's publication date ("7 November", "on Wednesday", "last year", "a few days ago").

dateparser finds and resolves most expressions in the languages it knows; the phrases it
misses live in langdata (`relative_dates`: days back and the precision they carry). A
publication date known only to the month is read as its last day, so "le 12 mars" in
an article of March 2024 is 2024-03-12, not the year before. A sentence with neither a digit nor a date word of
dateparser's own data is not searched: number words alone made false dates ("one of a": a
January), and the search is the slow part of reading a date.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader
from dateparser.search import search_dates

from crosswire.langdata import for_language
from crosswire.langdata.letters import ARABIC_SCRIPT, strip_marks
from crosswire.text.events import fold, word_alternative
from crosswire.text.recent import Recent

_LETTER = re.compile(r"[^\W\d_]{3,}")
# A year of the last two centuries, in Western or Arabic-Indic digits.
_YEAR = re.compile(r"(?<!\d)(?:19|20|١٩|٢٠|۱۹|۲۰)\d\d(?!\d)")
# dateparser may take the short word after a date into it ("In 1996, a car bomb"): not part of the date.
_TRAILING_WORD = re.compile(r",?\s+[^\W\d_]{1,2}$")
# A month's other name in brackets before the year ("29 أغسطس (آب) 2003", the Levantine
# name beside the Gregorian one): blanked, so the year still belongs to the date.
_MONTH_ALIAS = re.compile(r"(?<=[^\W\d_]{3})\s\([^\W\d_]+(?:\s[^\W\d_]+)?\)(?=\s+(?:19|20)\d\d(?!\d))")


def base_date(published: str | None, precision: str | None) -> date | None:
    """The latest day the publication date allows."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    if len(parts) == 1 or precision == "year":
        return date(parts[0], 12, 31)
    if len(parts) == 2 or precision == "month":
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts[:3])


@lru_cache(maxsize=None)
def _relative(lang: str | None) -> list[tuple[re.Pattern[str], int, str]]:
    found = []
    for data in for_language(lang, "relative_dates"):
        for phrase, (days, precision) in data.items():
            found.append((re.compile(rf"(?<!\w){word_alternative(phrase)}(?!\w)", re.IGNORECASE), int(days), precision))
    return sorted(found, key=lambda f: len(f[0].pattern), reverse=True)


# Entries of dateparser's language data whose words alone make a date: months, weekdays,
# units of time ("two days ago" needs "days", "in 2 weeks" a digit).
_DATE_WORD_ENTRIES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday", "year", "month", "week", "day", "hour", "minute", "second", "century",
                      "decade", "fortnight", "early_morning", "morning", "afternoon", "evening", "night")


@lru_cache(maxsize=None)
def _date_words(lang: str) -> re.Pattern[str] | None:
    """The words of three letters or more without which dateparser finds no date in this
    language: months, weekdays, units of time, and the longest word of each of its relative
    phrases ("yesterday", "aujourd'hui"), Arabic letter variants folded and vowel marks
    dropped as dateparser reads them ("أمس", "امس"; "غدًا", "غداً"); None where it has no
    data. A sentence with none of them and no year holds no date worth keeping."""
    try:
        info = default_loader.get_locale(lang).info
    except (KeyError, ValueError):
        return None
    found = {fold(w.lower()) for key in _DATE_WORD_ENTRIES for name in info.get(key, ())
             for w in _LETTER.findall(strip_marks(name))}
    for phrases in (info.get("relative-type") or {}).values():
        found.update(fold(max(words, key=len).lower()) for phrase in phrases
                     if (words := _LETTER.findall(strip_marks(phrase))))
    # whole words ("mon" is no Monday in "money", "dec" no December in "decided"), but for
    # the one-letter words Arabic writes onto the next ("بالأمس", "وأمس")
    before = {w: "" if ARABIC_SCRIPT.search(w) else r"(?<!\w)" for w in found}
    return re.compile("|".join(before[w] + re.escape(w) + r"(?!\w)" for w in sorted(found, key=len, reverse=True))) \
        if found else None


def may_hold_date(chunk: str, lang: str | None) -> bool:
    """Whether dateparser could find a date here worth keeping: one with a date word of the
    language, or a year. Numbers alone give none ("killing 1-3 and" is no 3 January, "the
    2-2 draw" no 2 February), only dateparser's time spent on every sentence with a count.
    True wherever that cannot be told."""
    words = _date_words(lang) if lang else None
    return words is None or bool(_YEAR.search(chunk) or words.search(strip_marks(fold(chunk.lower()))))


def _iso(when: date, precision: str) -> str:
    return when.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]


def event_date(text: str, lang: str | None, sentence: tuple[int, int], published: str | None,
               published_precision: str | None) -> dict[str, Any] | None:
    """The date a sentence gives its event, with precision and the span that says it."""
    base = base_date(published, published_precision)
    folded = fold(text)
    for pattern, days, precision in _relative(lang):
        if base and (m := pattern.search(folded, *sentence)):
            if published_precision in ("month", "year"):     # "earlier today" in an article dated only by month
                return {"date": published, "precision": published_precision, "start": m.start(), "end": m.end()}
            return {"date": _iso(base + timedelta(days=days), precision), "precision": precision,
                    "start": m.start(), "end": m.end()}
    chunk = _MONTH_ALIAS.sub(lambda m: " " * len(m.group()), text[sentence[0]:sentence[1]])
    for surface, when in _DATES.many([(chunk, lang, base)], lambda keys: [_found_dates(*key) for key in keys])[0]:
        surface = _TRAILING_WORD.sub("", surface)
        year_only = re.fullmatch(r"(?:\w{1,3}\s+)?(19|20)\d\d", surface.strip())
        if not (_LETTER.search(surface) or year_only) or (base is None and not re.search(r"\d{4}", surface)):
            continue                               # a bare number, or a relative word with nothing to resolve it
        precision = _precision(surface, lang)
        if base and (base - when.date()).days == 7 and not re.search(r"\d", surface):
            when = datetime(base.year, base.month, base.day)   # "on Wednesday" in Wednesday's paper
        located = re.search(r"\s+".join(map(re.escape, surface.split())), chunk)      # the parser folds spaces
        start, end = (sentence[0] + located.start(), sentence[0] + located.end()) if located else sentence
        return {"date": _iso(when.date(), precision), "precision": precision, "start": start, "end": end}
    return None


# Sentences whose dates a process keeps (worker processes send theirs back): a document
# coded again (after learned aliases) asks about the same sentences, and dateparser takes
# about 5 ms for each.
SENTENCES_KEPT = 4096
_DATES: Recent[tuple[tuple[str, datetime], ...]] = Recent(SENTENCES_KEPT, sent_back="dates")


def _found_dates(chunk: str, lang: str | None, base: date | None) -> tuple[tuple[str, datetime], ...]:
    """dateparser's dates in the text, as (words, date), relative ones resolved against `base`."""
    if not may_hold_date(chunk, lang):
        return ()
    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        return tuple(search_dates(chunk, languages=[lang] if lang else None, settings=settings) or ())
    except (ValueError, OverflowError):
        return ()


def _precision(surface: str, lang: str | None) -> str:
    """Day when the words hold a day of the month, else what dateparser reads ("last year",
    "November 2023", "on Wednesday")."""
    if any(int(n) <= 31 for n in re.findall(r"\d+", surface)):
        return "day"
    period = _parser(lang).get_date_data(surface).period
    return period if period in ("day", "week", "month", "year") else "day"


@lru_cache(maxsize=None)
def _parser(lang: str | None) -> DateDataParser:
    try:
        return DateDataParser(languages=[lang] if lang else None)
    except ValueError:
        return DateDataParser()


