"""The stories slice's storage: the story each document joins (merges recorded), the
neighbours a document's story is chosen among, the `stories` export records, and the
listings the CLI reads."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crosswire.errors import StoreError
from crosswire.links.candidates import NEIGHBOURS
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, forgets, loads, writes
from crosswire.store.queries import EVERY_ROW, earliest_title, keys_of, rows_for
from crosswire.store.sql import SQLStore, timestamp
from crosswire.text.embed import from_bytes

STORY_SUMMARY = (
    "SELECT s.id, count(*) AS documents, group_concat(DISTINCT d.lang) AS langs, group_concat(DISTINCT d.outlet) AS outlets,"
    " min(d.published) AS first, max(d.published) AS last, max(t.topic_id) AS topic,"
    f" {earliest_title('story_docs', 'story_id', 's.id')} AS title"
    " FROM stories s JOIN story_docs sd ON sd.story_id = s.id JOIN documents d ON d.id = sd.doc_id"
    " LEFT JOIN topic_docs t ON t.doc_id = sd.doc_id"
)


def _story(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "title": r["title"], "documents": r["documents"], "first": r["first"], "last": r["last"],
            "langs": sorted((r["langs"] or "").split(",")) if r["langs"] else [],
            "outlets": sorted(r["outlets"].split(",")) if r["outlets"] else [], "topic": r["topic"]}


def list_stories(store: SQLStore, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
    rows = store.conn.execute(f"{STORY_SUMMARY} GROUP BY s.id ORDER BY documents DESC, s.id LIMIT ? OFFSET ?",
                             (EVERY_ROW if limit is None else limit, offset))
    return [_story(r) for r in rows]


def stories_on(store: SQLStore, topic_id: str) -> list[dict[str, Any]]:
    """The stories on one topic, oldest first."""
    rows = store.conn.execute(f"{STORY_SUMMARY} WHERE s.id IN (SELECT sd2.story_id FROM story_docs sd2 JOIN topic_docs t2"
                             " ON t2.doc_id = sd2.doc_id WHERE t2.topic_id = ?) GROUP BY s.id ORDER BY first, s.id", (topic_id,))
    return [_story(r) for r in rows]


def get_story(store: SQLStore, ref: str) -> dict[str, Any]:
    rows = (store.conn.execute(f"{STORY_SUMMARY} WHERE s.id = ? GROUP BY s.id", (ref,)).fetchall()
            or store.conn.execute(f"{STORY_SUMMARY} WHERE s.id LIKE ? || '%' GROUP BY s.id LIMIT 2", (ref,)).fetchall())
    if len(rows) != 1:
        raise StoreError(store.location, f"no story with id {ref!r}" if not rows else f"story prefix {ref!r} is ambiguous")
    story = _story(rows[0])
    story["members"] = [dict(r) for r in store.conn.execute(
        "SELECT d.id, d.title, d.lang, d.outlet, d.published, sd.score, sd.via FROM story_docs sd"
        " JOIN documents d ON d.id = sd.doc_id WHERE sd.story_id = ? ORDER BY d.published IS NULL, d.published, d.rowid",
        (story["id"],))]
    story["merges"] = [dict(r) for r in store.conn.execute(
        "SELECT merged, doc_id, score, at FROM story_merges WHERE into_story = ? ORDER BY at", (story["id"],))]
    story["related"] = [s for s in stories_on(store, story["topic"]) if s["id"] != story["id"]] if story["topic"] else []
    return story


def near(store: SQLStore, row: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The documents linked to a document (with the link's kind), and those, linked or
    not, whose document vectors are nearest to its own."""
    linked = {r[0]: r[1] for r in store.conn.execute(
        "SELECT CASE WHEN a = ? THEN b ELSE a END, kind FROM links WHERE a = ? OR b = ?", (row["doc_id"],) * 3)}
    vector = store.conn.execute("SELECT vector FROM doc_vectors WHERE doc_id = ?", (row["doc_id"],)).fetchone()
    near = set(linked)
    if vector is not None:
        near.update(store.nearest(from_bytes(vector[0]), NEIGHBOURS + 1))
    near.discard(row["doc_id"])
    return linked, sorted(near)


def near_all(store: SQLStore, rows: dict[str, dict]) -> tuple[dict[str, tuple[dict[str, str], list[str]]], list[str]]:
    """`near` for every document of a batch, and every neighbour of any of them, sorted:
    neighbouring documents share most of theirs, so each is read once for the batch."""
    found = {doc_id: near(store, row) for doc_id, row in rows.items()}
    return found, sorted(set().union(*(ids for _, ids in found.values())))


@loads("neighbours")
def load_neighbours(store: SQLStore, rows: dict[str, dict]) -> None:
    """Linked documents and nearest document vectors, with the story each belongs to now."""
    nears, every = near_all(store, rows)
    anchors = keys_of(store.conn, "doc_anchors", every)
    found = {r["id"]: r for r in rows_for(
        store, "SELECT d.id, d.published, v.vector, (SELECT story_id FROM story_docs s WHERE s.doc_id = d.id) AS story_id"
        " FROM documents d JOIN doc_vectors v ON v.doc_id = d.id WHERE d.id IN ({ids})", every)}
    for doc_id, row in rows.items():
        linked, ids = nears[doc_id]
        row["neighbours"] = [{"doc_id": i, "story_id": found[i]["story_id"], "link": linked.get(i), "doc_vector": found[i]["vector"],
                              "anchors": anchors[i], "published": found[i]["published"]} for i in ids if i in found]


@writes("story")
def write_story(store: SQLStore, conn: Connection, doc_id: str, value: dict, stage: str, produced_by: str) -> None:
    """Place the document in its story; stories it bound together are merged, and the merge recorded."""
    story = value["story_id"]
    conn.execute("DELETE FROM story_docs WHERE doc_id = ?", (doc_id,))
    conn.execute("INSERT INTO stories (id, title) VALUES (?, '') ON CONFLICT DO NOTHING", (story,))
    for merged in value["merges"]:
        conn.execute("UPDATE story_docs SET story_id = ? WHERE story_id = ? AND doc_id NOT IN"
                     " (SELECT doc_id FROM story_docs WHERE story_id = ?)", (story, merged, story))
        conn.execute("DELETE FROM stories WHERE id = ?", (merged,))
        conn.execute("INSERT INTO story_merges (merged, into_story, doc_id, score, at) VALUES (?, ?, ?, ?, ?)",
                     (merged, story, doc_id, value["score"], timestamp()))
    conn.execute("INSERT INTO story_docs (story_id, doc_id, score, via) VALUES (?, ?, ?, ?)",
                 (story, doc_id, value["score"], value["via"]))
    conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_docs)")


@forgets("stories")
def forget_stories(store: SQLStore, conn: Connection) -> None:
    """Stories are built in arrival order; recomputing them starts from none."""
    for table in ("story_docs", "story_merges", "stories"):
        conn.execute(f"DELETE FROM {table}")


@exports("stories")
def export_stories(store: SQLStore) -> Iterator[dict[str, Any]]:
    for story in list_stories(store, limit=None):
        docs = [d[0] for d in store.conn.execute("SELECT doc_id FROM story_docs WHERE story_id = ? ORDER BY doc_id", (story["id"],))]
        yield {**story, "doc_ids": docs}
