"""The topics slice's storage: the content words the `signatures` stage counts (kept in
step when a text changes), the topic the `topics` stage puts each story on, the `topics`
export records, and the listings the CLI reads."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from crosswire.store.base import Connection
from crosswire.store.handlers import exports, forgets, loads, on_new_text, table, writes
from crosswire.store.queries import (
    EVERY_ROW,
    earliest_title,
    key_counts,
    keys_of,
    one_by_prefix,
    rows_for,
)
from crosswire.store.sql import SQLStore, timestamp
from crosswire.stories.storage import near_all, stories_on
from crosswire.text.terms import weights

table("topic_merges", """CREATE TABLE IF NOT EXISTS topic_merges (
    merged TEXT NOT NULL,          -- topic that ceased to exist
    into_topic TEXT NOT NULL,      -- topic that absorbed it
    doc_id TEXT NOT NULL,          -- document whose story bound them
    at TEXT NOT NULL
)""")

# A topic's label: its words that the most of its documents weigh most.
KEYWORDS = 8
# Documents read to label a topic; a larger topic is labelled by its latest ones.
LABEL_SAMPLE = 200

_TOPIC_SUMMARY = (
    "SELECT t.topic_id AS id, count(DISTINCT s.story_id) AS stories, count(*) AS documents,"
    " group_concat(DISTINCT d.lang) AS langs, min(d.published) AS first, max(d.published) AS last,"
    f" {earliest_title('topic_docs', 'topic_id', 't.topic_id')} AS title"
    " FROM topic_docs t JOIN story_docs s ON s.doc_id = t.doc_id JOIN documents d ON d.id = t.doc_id"
)


def _topic(r: Any) -> dict[str, Any]:
    return {"id": r["id"], "title": r["title"], "stories": r["stories"], "documents": r["documents"], "first": r["first"],
            "last": r["last"], "langs": sorted(r["langs"].split(",")) if r["langs"] else []}


def _terms_of(store: SQLStore, doc_ids: list[str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {doc_id: {} for doc_id in doc_ids}
    for doc_id, terms in rows_for(store, "SELECT doc_id, terms FROM doc_terms WHERE doc_id IN ({ids})", doc_ids):
        found[doc_id] = json.loads(terms)
    return found


@loads("terms")
def load_terms(store: SQLStore, rows: dict[str, dict]) -> None:
    found = _terms_of(store, list(rows))
    for row in rows.values():
        row["terms"] = [{"key": k, "count": n} for k, n in sorted(found[row["doc_id"]].items())]


@loads("story_topic")
def load_story_topic(store: SQLStore, rows: dict[str, dict]) -> None:
    """The document's story, and the topics its other documents are already on (more than
    one where the story has bound stories on two topics), the earliest placed first."""
    for row in rows.values():
        story = store.conn.execute("SELECT story_id FROM story_docs WHERE doc_id = ?", (row["doc_id"],)).fetchone()
        topics = [r[0] for r in store.conn.execute(
            "SELECT t.topic_id FROM story_docs s JOIN topic_docs t ON t.doc_id = s.doc_id WHERE s.story_id = ?"
            " AND s.doc_id != ? GROUP BY t.topic_id ORDER BY min(t.rowid)", (story[0], row["doc_id"]))] if story else []
        row["story_topic"] = {"story_id": story[0] if story else None, "topics": topics}


@loads("topic_neighbours")
def load_topic_neighbours(store: SQLStore, rows: dict[str, dict]) -> None:
    """The nearest and linked documents, with their words, vectors, anchors, story and topic
    now; each neighbour read once for the batch, as neighbouring documents share most."""
    nears, every = near_all(store, rows)
    terms = _terms_of(store, every)
    anchors = keys_of(store.conn, "doc_anchors", every)
    found = {r[0]: {"doc_id": r[0], "story_id": r[1], "topic_id": r[2], "lang": r[3], "doc_vector": r[4], "anchors": anchors[r[0]],
                    "terms": [{"key": k, "count": n} for k, n in sorted(terms[r[0]].items())]}
             for r in rows_for(store, "SELECT d.id, (SELECT story_id FROM story_docs s WHERE s.doc_id = d.id),"
                               " (SELECT topic_id FROM topic_docs t WHERE t.doc_id = d.id), d.lang, v.vector"
                               " FROM documents d LEFT JOIN doc_vectors v ON v.doc_id = d.id WHERE d.id IN ({ids})", every)}
    for doc_id, row in rows.items():
        row["topic_neighbours"] = [found[i] for i in nears[doc_id][1] if i in found]


@loads("topic_anchor_counts")
def load_topic_anchor_counts(store: SQLStore, rows: dict[str, dict]) -> None:
    """Document frequency of every anchor the batch's documents and their topic neighbours carry."""
    keys = {doc_id: set(row["anchors"] or []).union(*(other["anchors"] for other in row["topic_neighbours"]))
            for doc_id, row in rows.items()}
    for doc_id, counts in key_counts(store.conn, "anchor_df", keys).items():
        rows[doc_id]["topic_anchor_counts"] = counts


@loads("term_counts")
def load_term_counts(store: SQLStore, rows: dict[str, dict]) -> None:
    """Document frequency of every word the batch's documents and their neighbours use."""
    words = {doc_id: {t["key"] for t in row.get("terms") or []}.union(
        *({t["key"] for t in other["terms"]} for other in row.get("topic_neighbours") or [])) for doc_id, row in rows.items()}
    for doc_id, counts in key_counts(store.conn, "term_df", words).items():
        rows[doc_id]["term_counts"] = counts


def uncount_terms(store: SQLStore, conn: Connection, doc_id: str) -> None:
    old = conn.execute("SELECT terms FROM doc_terms WHERE doc_id = ?", (doc_id,)).fetchone()
    if old:
        conn.executemany("UPDATE term_df SET n = n - 1 WHERE key = ?", [(t,) for t in json.loads(old[0])])
        conn.execute("DELETE FROM doc_terms WHERE doc_id = ?", (doc_id,))


@on_new_text
def _forget_terms(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    uncount_terms(store, conn, doc_id)
    conn.execute("DELETE FROM doc_terms WHERE doc_id = ?", (doc_id,))


@writes("terms")
def write_terms(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    """A document's words replace its earlier ones, in the counts as in the table."""
    uncount_terms(store, conn, doc_id)
    terms = {t["key"]: t["count"] for t in value}
    conn.execute("INSERT INTO doc_terms (doc_id, terms) VALUES (?, ?)", (doc_id, json.dumps(terms, ensure_ascii=False)))
    conn.executemany("INSERT INTO term_df (key, n) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = term_df.n + 1",
                     [(t,) for t in terms])


@writes("topic")
def write_topic(store: SQLStore, conn: Connection, doc_id: str, value: dict, stage: str, produced_by: str) -> None:
    """Place the document on its topic; a story is on one topic, so the topics its
    documents were on (stories merged since they were placed may have been on two) merge
    into it, the merge recorded."""
    for merged in value["merges"] or []:
        conn.execute("UPDATE topic_docs SET topic_id = ? WHERE topic_id = ?", (value["topic_id"], merged))
        conn.execute("INSERT INTO topic_merges (merged, into_topic, doc_id, at) VALUES (?, ?, ?, ?)",
                     (merged, value["topic_id"], doc_id, timestamp()))
    conn.execute("INSERT INTO topic_docs (topic_id, doc_id, score, how, via) VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id)"
                 " DO UPDATE SET topic_id = excluded.topic_id, score = excluded.score, how = excluded.how, via = excluded.via",
                 (value["topic_id"], doc_id, value["score"], value["how"], value["via"]))
    conn.execute("UPDATE topic_docs SET topic_id = ? WHERE doc_id IN (SELECT s.doc_id FROM story_docs s JOIN story_docs mine"
                 " ON mine.story_id = s.story_id WHERE mine.doc_id = ?)", (value["topic_id"], doc_id))


@forgets("topics")
def forget_topics(store: SQLStore, conn: Connection) -> None:
    """Topics are built in arrival order; recomputing them starts from none."""
    conn.execute("DELETE FROM topic_docs")
    conn.execute("DELETE FROM topic_merges")


def list_topics(store: SQLStore, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
    rows = store.conn.execute(f"{_TOPIC_SUMMARY} GROUP BY t.topic_id ORDER BY documents DESC, t.topic_id LIMIT ? OFFSET ?",
                             (EVERY_ROW if limit is None else limit, offset))
    return [_topic(r) for r in rows]


def get_topic(store: SQLStore, ref: str) -> dict[str, Any]:
    """One topic with its stories and the words its documents share."""
    topic_id = one_by_prefix(store.conn, "SELECT DISTINCT topic_id FROM topic_docs", "topic_id", ref, "topic")[0]
    topic = _topic(store.conn.execute(f"{_TOPIC_SUMMARY} WHERE t.topic_id = ? GROUP BY t.topic_id", (topic_id,)).fetchone())
    topic["keywords"] = _keywords(store, topic_id)
    joined = {r[0]: {"how": r[1], "via": r[2], "score": r[3]} for r in store.conn.execute(
        "SELECT s.story_id, t.how, t.via, t.score FROM topic_docs t JOIN story_docs s ON s.doc_id = t.doc_id"
        " WHERE t.topic_id = ? AND t.how != 'story' ORDER BY t.rowid DESC", (topic_id,))}
    topic["story_list"] = [{**story, "joined": joined.get(story["id"])}
                           for story in stories_on(store, topic_id)]
    topic["merged"] = [{"topic": r[0], "doc_id": r[1], "at": r[2]} for r in store.conn.execute(
        "SELECT merged, doc_id, at FROM topic_merges WHERE into_topic = ? ORDER BY rowid", (topic_id,))]
    return topic


def _keywords(store: SQLStore, topic_id: str) -> list[str]:
    docs = [r[0] for r in store.conn.execute(
        "SELECT t.doc_id FROM topic_docs t JOIN documents d ON d.id = t.doc_id WHERE t.topic_id = ?"
        " ORDER BY d.published DESC, d.rowid DESC LIMIT ?", (topic_id, LABEL_SAMPLE))]
    terms = _terms_of(store, docs)
    langs = dict(store.conn.execute(f"SELECT id, lang FROM documents WHERE id IN ({','.join('?' * len(docs))})", docs))
    words = {t for found in terms.values() for t in found}
    df = {c["key"]: c["count"] for c in key_counts(store.conn, "term_df", {topic_id: words})[topic_id]}
    documents = store.conn.execute("SELECT count(*) FROM doc_terms").fetchone()[0]
    score: Counter[str] = Counter()
    for doc_id, found in terms.items():
        score.update(weights(found, df, documents, langs[doc_id]))
    return [t for t, _ in score.most_common(KEYWORDS)]


@exports("topics")
def export_topics(store: SQLStore) -> Iterator[dict[str, Any]]:
    for topic in list_topics(store, limit=None):
        docs = [r[0] for r in store.conn.execute("SELECT doc_id FROM topic_docs WHERE topic_id = ? ORDER BY doc_id", (topic["id"],))]
        yield {**topic, "keywords": _keywords(store, topic["id"]), "doc_ids": docs}

