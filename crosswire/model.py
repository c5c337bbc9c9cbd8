"""The records the store core exchanges with readers and callers: an `Article` as a reader
hands it over, a `Document` as stored. What stages read and write is declared once, as
Arrow columns, in `columns.py`; what leaves the tool is DESIGN.md's export contract, whose
records each slice's storage writes (`*/storage.py`, `@exports`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from crosswire.text.normalize import one_line

Precision = Literal["day", "week", "month", "year", "unknown"]


@dataclass
class Document:
    id: str
    text: str
    sources: list[str] = field(default_factory=list)
    title: str | None = None
    lang: str | None = None
    published: str | None = None
    published_precision: Precision = "unknown"
    outlet: str | None = None
    relayed_from: str | None = None
    url: str | None = None
    ingested_at: str | None = None


@dataclass
class Article:
    """What a reader hands to the store: one article from one source, before analysis."""

    body: str
    source: str
    reader: str
    raw: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    outlet_key: str = ""
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Metadata from a page or feed is one line of plain text: no control characters
        (terminal escapes), no line breaks, no surrounding space; empty means absent."""
        self.title, self.url, self.outlet = (one_line(v) for v in (self.title, self.url, self.outlet))
        self.hints = {k: clean for k, v in self.hints.items() if (clean := one_line(str(v)))}
