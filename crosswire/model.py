"""The data model every stage reads and writes (see DESIGN.md, "Data model").

Offsets in every `Span` index `Document.text`, the stored clean text, so an analyst can
always click from a fact back to the words that support it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from crosswire.text.normalize import one_line

Precision = Literal["day", "week", "month", "year", "unknown"]
EntityKind = Literal["person", "organization", "location", "facility", "other"]
QuoteKind = Literal["direct", "indirect", "mixed"]
LinkKind = Literal["translation", "near_duplicate", "same_story"]
Modality = Literal["reported", "claimed", "threatened", "denied", "planned", "hypothetical"]


@dataclass(frozen=True)
class Span:
    doc_id: str
    start: int
    end: int


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
class Entity:
    id: str
    kind: EntityKind
    name: str
    aliases: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class Mention:
    span: Span
    kind: EntityKind
    entity_id: str | None
    method: str
    score: float


@dataclass
class Quote:
    id: str
    span: Span
    kind: QuoteKind
    speaker_entity_id: str | None = None
    speaker: Span | None = None
    cue: Span | None = None
    via: str | None = None
    group_id: str | None = None


@dataclass
class Event:
    id: str
    type: str
    modality: Modality
    evidence: list[Span]
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: Precision = "unknown"
    counts: dict[str, int] = field(default_factory=dict)
    group_id: str | None = None


@dataclass
class Link:
    a: str
    b: str
    kind: LinkKind
    score: float


@dataclass
class Story:
    id: str
    title: str
    doc_ids: list[str]


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
