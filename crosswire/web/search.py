"""Documents by full-text query and filters: the search page and `/api/search`.

The store ranks text matches; the filters (language, outlet, date range, actor, event type,
story) are one query over the ranked ids, so both backends filter the same way."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from crosswire.kb.storage import entity_ref
from crosswire.store.queries import CHUNK
from crosswire.store.sql import SQLStore

# Characters no clean text holds (cleaning drops control characters): they open and close
# a matched word in a snippet, so the snippet can be escaped whole and marked afterwards.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
# Text matches ranked before filtering: enough for any filter to leave a page of results.
RANKED = 2000


@dataclass
class Filters:
    q: str | None = None
    lang: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    actor: str | None = None
    event_type: str | None = None
    story: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


def _conditions(store: SQLStore, f: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("d.lang", f.lang), ("d.outlet", f.outlet)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.since:
        where.append("d.published >= ?")
        params.append(f.since)
    if f.until:
        where.append("substr(d.published, 1, ?) <= ?")
        params += [len(f.until), f.until]
    if f.actor:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = d.id AND m.entity_id = ?)")
        params.append(entity_ref(store, f.actor)["id"])
    if f.event_type:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id AND e.type = ?)")
        params.append(f.event_type.upper())
    if f.story:
        where.append("EXISTS (SELECT 1 FROM story_docs s WHERE s.doc_id = d.id AND s.story_id LIKE ? || '%')")
        params.append(f.story)
    return where, params


def marked(snippet: str) -> list[dict[str, Any]]:
    """A snippet as pieces of text, each saying whether it is a matched word."""
    pieces, rest = [], snippet
    while MARK_OPEN in rest:
        before, _, after = rest.partition(MARK_OPEN)
        match, _, rest = after.partition(MARK_CLOSE)
        pieces += [{"text": before, "match": False}, {"text": match, "match": True}]
    pieces.append({"text": rest, "match": False})
    return [p for p in pieces if p["text"]]


def find_documents(store: SQLStore, f: Filters, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Matching documents, best text match first (newest first without a query), with the
    matched words of each marked; `total` counts every match the filters keep."""
    where, params = _conditions(store, f)
    columns = "d.id, d.title, d.lang, d.outlet, d.published, substr(d.text, 1, 240) AS opening"
    if f.q:
        hits = store.search(f.q, RANKED, (MARK_OPEN, MARK_CLOSE))
        rank = {h.doc_id: i for i, h in enumerate(hits)}
        snippets = {h.doc_id: h.snippet for h in hits}
        kept = []
        ids = list(rank)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            kept += [dict(r) for r in store.conn.execute(
                f"SELECT {columns} FROM documents d WHERE d.id IN ({','.join('?' * len(chunk))})"
                + "".join(f" AND {w}" for w in where), (*chunk, *params))]
        kept.sort(key=lambda r: rank[r["id"]])
        total, page = len(kept), kept[offset:offset + limit]
        for row in page:
            row["snippet"] = marked(snippets[row["id"]])
    else:
        clause = " WHERE " + " AND ".join(where) if where else ""
        total = store.conn.execute(f"SELECT count(*) FROM documents d{clause}", params).fetchone()[0]
        page = [dict(r) for r in store.conn.execute(
            f"SELECT {columns} FROM documents d{clause} ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC"
            " LIMIT ? OFFSET ?", (*params, limit, offset))]
        for row in page:
            row["snippet"] = [{"text": row["opening"], "match": False}]
    for row in page:
        del row["opening"]
    return {"filters": f.given(), "total": total, "offset": offset, "limit": limit, "results": page}


def facets(store: SQLStore) -> dict[str, list[str]]:
    """The values the filter menus offer: languages, outlets and event types in the store."""
    def values(sql: str) -> list[str]:
        return [r[0] for r in store.conn.execute(sql) if r[0]]
    return {"langs": values("SELECT DISTINCT lang FROM documents ORDER BY lang"),
            "outlets": values("SELECT DISTINCT outlet FROM documents ORDER BY outlet"),
            "event_types": values("SELECT DISTINCT type FROM events ORDER BY type")}
