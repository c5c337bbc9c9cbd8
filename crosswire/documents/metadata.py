"""Stage `metadata`: title, publication date with precision, outlet and article relay.

Reads what readers supplied (`hints`) and what `clean` took out of the text (date,
copyright and source lines); each value records the method that produced it.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from crosswire.langdata.cleaning import patterns
from crosswire.model import Precision
from crosswire.stages.registry import stage
from crosswire.text.normalize import paragraph_spans

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250
EARLIEST_YEAR = 1800


@lru_cache(maxsize=64)
def _date_parser(lang: str | None) -> DateDataParser:
    settings = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past"}
    try:
        return DateDataParser(languages=[lang] if lang else None, settings=settings)
    except ValueError:
        return DateDataParser(settings=settings)


def parse_date(value: str, lang: str | None = None) -> tuple[str, Precision] | None:
    """An absolute date and how precise it is; relative words ("Wednesday") give None."""
    value = value.strip()
    if not re.search(r"\d", value):
        return None
    if match := _ISO.fullmatch(value):
        year, month, day = match.groups()
        found = (int(year), int(month or 1), int(day or 1))
        precision: Precision = "day" if day else "month" if month else "year"
    else:
        data = _date_parser(lang).get_date_data(value)
        if data.date_obj is None or data.period not in ("day", "month", "year"):
            return None
        found, precision = (data.date_obj.year, data.date_obj.month, data.date_obj.day), data.period
    try:
        when = date(*found)
    except ValueError:
        return None
    if not when.year >= EARLIEST_YEAR or when > date.today() + timedelta(days=1):
        return None
    iso = when.isoformat()
    return iso[: {"day": 10, "month": 7, "year": 4}[precision]], precision


def headline(text: str) -> tuple[str, int, int] | None:
    """The first paragraph when it reads as a headline: one short line, not a sentence."""
    spans = paragraph_spans(text)
    if len(spans) < 2:
        return None
    start, end = spans[0]
    line = text[start:end]
    if "\n" in line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS or line.rstrip().endswith("."):
        return None
    return line, start, end


def looks_like_outlet(name: str) -> bool:
    words = {w.casefold().strip("'’\"«»“”") for w in name.split()}
    return bool(words & patterns().outlet_words) or bool(_ACRONYM.fullmatch(name.strip()))


def article_relay(text: str, after: int) -> tuple[str, int, int] | None:
    """An opening that credits the whole article to another outlet, in the first paragraph."""
    spans = [s for s in paragraph_spans(text) if s[0] >= after]
    if not spans:
        return None
    start, end = spans[0]
    paragraph = text[start:end]
    pats = patterns()
    candidates = [(m, True) for p in pats.relay_article if (m := p.search(paragraph))]
    candidates += [(m, False) for p in pats.relay_article_if_outlet if (m := p.search(paragraph))]
    for match, trusted in candidates:
        value = match["value"].strip(" «»“”\"'")
        if trusted or looks_like_outlet(value):
            return value, start + match.start("value"), start + match.end("value")
    return None


def _field(key: str, value: str, start: int | None = None, end: int | None = None) -> dict[str, Any]:
    return {"key": key, "value": value, "start": start, "end": end, "basis": "text"}


@stage("metadata", version=1, requires=("text", "hints", "fields", "lang"),
       assigns=("title", "published", "published_precision", "outlet", "relayed_from", "fields"))
def metadata(row: dict[str, Any]) -> dict[str, Any]:
    """Title, publication date with precision, outlet and relay, each with its method."""
    text, hints, lang = row["text"], dict(row["hints"]), row["lang"]
    found: dict[str, list[str]] = {}
    for f in row["fields"]:
        found.setdefault(f["key"], []).append(f["value"])
    fields = []

    title, body_start = hints.get("title"), 0
    if found_headline := headline(text):
        body_start = found_headline[2]
        title = title or found_headline[0]

    published: tuple[str, Precision] | None = None
    candidates = [("source_metadata", hints.get("date"))] + [("date_line", v) for v in found.get("date_line", [])]
    for method, value in candidates:
        if value and (published := parse_date(value, lang)):
            fields.append(_field("published_method", method))
            break

    outlet = hints.get("outlet") or hints.get("sitename")
    if not outlet and found.get("copyright_holder"):
        outlet = found["copyright_holder"][0]
        fields.append(_field("outlet_method", "copyright_holder"))

    relayed_from = None
    generic = patterns().generic_sources
    sources = [s for s in found.get("source_line", []) if s.casefold() not in generic]
    if sources:
        relayed_from = sources[0]
        fields.append(_field("relay_method", "source_line"))
    elif relay := article_relay(text, body_start):
        relayed_from = relay[0]
        fields.append(_field("relay", relay[0], relay[1], relay[2]))
        fields.append(_field("relay_method", "opening_attribution"))

    return {
        "title": title, "published": published[0] if published else None,
        "published_precision": published[1] if published else "unknown",
        "outlet": outlet, "relayed_from": relayed_from, "fields": fields,
    }
