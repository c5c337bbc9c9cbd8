"""How exports that cannot hold a span as numbers point back to the words behind a record:
a `doc_id:start-end` reference, and an event's sentence read from its document."""
from __future__ import annotations

from typing import Any

from crosswire.store.queries import span_text
from crosswire.store.sql import SQLStore


def span_ref(doc_id: str, start: int, end: int) -> str:
    """A span of a document's clean text (character offsets), as one string."""
    return f"{doc_id}:{start}-{end}"


def event_sentence(store: SQLStore, event: dict[str, Any]) -> str:
    """The sentence an event was read from, in its document's clean text."""
    return span_text(store.conn, event["doc_id"], event["sentence_start"], event["sentence_end"])
