"""The one interface every stage, command and exporter goes through.

A PostgreSQL backend implements the same methods; nothing outside `store/` writes SQL.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from crosswire.model import Article, Document

# Record kinds of the export contract (DESIGN.md), in the order they are written.
RECORD_KINDS = ("documents", "links", "stories", "topics", "entities", "mentions", "quotes", "events", "framing")
# The JSONL export's file beside the records: the knowledge base and the analysts' edits in
# the KB file format, so `crosswire ingest` of the export rebuilds the same knowledge base.
KB_FILE = "kb.yaml"


@dataclass
class AddResult:
    doc_id: str
    new: bool


@dataclass
class SearchHit:
    doc_id: str
    title: str | None
    lang: str | None
    snippet: str
    score: float


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What slices use of a connection: SQLite's `execute` with `?` parameters, on either
    backend; rows read by position or by column name."""

    def execute(self, sql: str, parameters: Any = ...) -> Cursor: ...
    def executemany(self, sql: str, parameters: Any) -> Cursor: ...


class Store(ABC):
    """Transactional storage of documents and annotations."""

    # Where the store is, for messages (a URL's password hidden).
    location: str
    # What `open_store` opens it again from, password included (other processes' connections).
    reopen_location: str

    @abstractmethod
    def add_articles(self, articles: list[Article]) -> list[AddResult]:
        """Store articles in one transaction; an article already stored only gains a source."""

    @abstractmethod
    def get_document(self, ref: str) -> Document:
        """A document by id or unambiguous id prefix."""

    @abstractmethod
    def list_documents(self, limit: int = 50, offset: int = 0, lang: str | None = None) -> list[Document]: ...

    @abstractmethod
    def count_documents(self) -> int: ...

    @abstractmethod
    def search(self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Best matches first; `marks` open and close each matched word in the snippet (the
        web app gives characters no article holds, so the text between is never markup)."""

    @abstractmethod
    def pending(self, stage: str, version: int, upstream: str, after: tuple[str, ...] = ()) -> list[str]:
        """Documents the stage has not processed at this version and input, leaving out
        those that a stage it reads (`after`) failed on."""

    @abstractmethod
    def stage_status(self, stage: str, version: int, upstream: str) -> dict[str, int]:
        """How many documents the stage holds current, stale (run at another version or
        input key), new (never run) and failed (at the current key)."""

    @abstractmethod
    def record_failure(self, stage: str, version: int, upstream: str, doc_id: str, reason: str) -> None:
        """Record that the stage failed on a document at this version and input."""

    @abstractmethod
    def failures(self, stage: str | None = None) -> list[dict[str, Any]]:
        """Recorded failures: document, stage, reason, when."""

    @abstractmethod
    def load_rows(self, doc_ids: list[str], columns: tuple[str, ...]) -> list[dict[str, Any]]:
        """The documents' columns, in the order of `doc_ids`, as the stages read them: plain
        rows, not Arrow, since a stage runs in the process that loads its rows. (Through
        Arrow and back, the link stage took twice as long: each candidate's sentences are
        carried once for every document it is a candidate of.)"""

    @abstractmethod
    def apply(self, stage: str, version: int, upstream: str, batch: pa.RecordBatch) -> None:
        """Write one stage's output for a batch, replacing its earlier output, atomically."""

    @abstractmethod
    def forget_stage(self, stage: str, *, failures_only: bool = False, doc_ids: list[str] | None = None) -> None:
        """Mark every document pending for a stage, so the next run recomputes it; with
        `failures_only`, just the documents it failed on; with `doc_ids`, just those (their
        records stay until the stage replaces them)."""

    def share_index_of(self, other: Store) -> None:
        """Use the in-memory indexes another connection to the same store has built (a forked
        worker its writer's, current when it forked), instead of building them again."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
