"""Which part of the knowledge base an export writes: every record, or those of the
documents a story, an actor, a start date or a language selects. Every format reads its
records through `selected_records`, so a filter means the same in each of them."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crosswire.kb.storage import entity_ref
from crosswire.store.handlers import export_records
from crosswire.store.queries import CHUNK
from crosswire.store.sql import SQLStore

# Record kinds kept when their `doc_id` is selected.
_OF_ONE_DOCUMENT = ("mentions", "quotes", "events", "framing")
# Record kinds that group documents: kept when one of theirs is selected, their list narrowed.
_OF_DOCUMENTS = ("stories", "topics")


@dataclass(frozen=True)
class Selection:
    """Export filters; none set means the whole knowledge base. `story` is a story id or
    prefix; `actor` an actor id or any of its names; `since` a date (published on or after)."""
    story: str | None = None
    actor: str | None = None
    since: str | None = None
    lang: str | None = None

    def __bool__(self) -> bool:
        return any((self.story, self.actor, self.since, self.lang))


def selected_documents(store: SQLStore, selection: Selection) -> set[str] | None:
    """The ids of the documents the selection keeps; None when it keeps everything."""
    if not selection:
        return None
    where, params = [], []
    if selection.lang:
        where.append("d.lang = ?")
        params.append(selection.lang)
    if selection.since:
        where.append("d.published >= ?")
        params.append(selection.since)
    if selection.story:
        where.append("EXISTS (SELECT 1 FROM story_docs s WHERE s.doc_id = d.id AND s.story_id LIKE ? || '%')")
        params.append(selection.story)
    if selection.actor:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.entity_id = ?)")
        params.append(entity_ref(store, selection.actor)["id"])
    return {r[0] for r in store.conn.execute(f"SELECT d.id FROM documents d WHERE {' AND '.join(where)}", params)}


def _named_in(store: SQLStore, docs: set[str]) -> set[str]:
    """Entities the selected documents name: mentioned, quoted as speakers, or in events."""
    named: set[str] = set()
    ids = sorted(docs)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        named.update(r[0] for r in store.conn.execute(f"SELECT entity_id FROM mentions WHERE doc_id IN ({marks})", chunk))
        named.update(r[0] for r in store.conn.execute(f"SELECT speaker_entity_id FROM quotes WHERE doc_id IN ({marks})",
                                                      chunk))
        for actors, targets in store.conn.execute(f"SELECT actors, targets FROM events WHERE doc_id IN ({marks})", chunk):
            named.update(a.get("entity_id") for a in json.loads(actors or "[]") + json.loads(targets or "[]"))
    return named - {None}


def selected_records(store: SQLStore, kind: str, docs: set[str] | None) -> Iterator[dict[str, Any]]:
    """Records of one export-contract kind, kept to the selected documents (`docs`, from
    `selected_documents`; None for all)."""
    records = export_records(store, kind)
    if docs is None:
        yield from records
    elif kind == "documents":
        yield from (r for r in records if r["id"] in docs)
    elif kind == "links":
        yield from (r for r in records if r["a"] in docs and r["b"] in docs)
    elif kind in _OF_ONE_DOCUMENT:
        yield from (r for r in records if r["doc_id"] in docs)
    elif kind in _OF_DOCUMENTS:
        for r in records:
            kept = [d for d in r["doc_ids"] if d in docs]
            if kept:
                yield {**r, "doc_ids": kept}
    elif kind == "entities":
        named = _named_in(store, docs)
        yield from (r for r in records if r["id"] in named)
    else:
        raise KeyError(f"no selection rule for {kind!r} records")
