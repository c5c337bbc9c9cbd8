"""SQL the slices share: a record by unambiguous id prefix, the documents where another
report of a document's content would be, the keys and key frequencies of documents, and
the insert of a row of named columns."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crosswire.errors import CrosswireError
from crosswire.store.base import Connection

# Ids per `IN (…)` query: well under SQLite's limit on bound parameters.
CHUNK = 500
# A LIMIT that keeps every row: both backends take a number there (SQLite's -1 and
# PostgreSQL's ALL are each the other's error).
EVERY_ROW = 2**62


def rows_for(store: Any, sql: str, doc_ids: list[str], params: tuple[Any, ...] = ()) -> Iterator[Any]:
    """`sql`'s rows for the documents, `sql` holding `{ids}` where the id list goes."""
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start:start + CHUNK]
        yield from store.conn.execute(sql.format(ids=",".join("?" * len(chunk))), (*chunk, *params))


def quoted(column: str) -> str:
    """A column name as an identifier both backends read ("end" is a keyword)."""
    return f'"{column}"'


def insert_sql(table: str, columns: list[str] | tuple[str, ...]) -> str:
    """`INSERT INTO table (columns) VALUES (?, …)`, every column quoted."""
    return f"INSERT INTO {table} ({', '.join(map(quoted, columns))}) VALUES ({', '.join('?' * len(columns))})"


def span_text(conn: Connection, doc_id: str, start: int, end: int) -> str:
    """The words of a span of a document's clean text ("" for a document no longer stored)."""
    row = conn.execute("SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?", (start, end, start, doc_id)).fetchone()
    return row[0] if row else ""


# How many other reports of a document's content are read where another report of one of
# its events or quotes would be. A wire story reprinted by hundreds of outlets would
# otherwise make every copy read every other: work growing with the square of the story.
# As many as the link stage compares near-copies (`NEAR_DUPLICATES`).
MAX_RELATED = 30
# Documents linked to `?` or in its story (bind the document id five times): the linked
# first, then the earliest stored, where the groups of a story's happenings begin, so that
# every later copy reads the same reports and joins the same groups.
_RELATED_DOCS = ("SELECT r.doc FROM (SELECT CASE WHEN a = ? THEN b ELSE a END AS doc, 0 AS far"
                 " FROM links WHERE a = ? OR b = ?"
                 " UNION SELECT s.doc_id, 1 FROM story_docs s JOIN story_docs mine ON mine.story_id = s.story_id"
                 " WHERE mine.doc_id = ? AND s.doc_id != ?) r JOIN documents d ON d.id = r.doc"
                 f" GROUP BY r.doc, d.rowid ORDER BY min(r.far), d.rowid LIMIT {MAX_RELATED}")


def related_rows(conn: Connection, select: str, doc_id: str, order: str) -> list[dict]:
    """Rows of `select` (a query ending in "… doc_id") from the documents linked to
    `doc_id` or in its story, `MAX_RELATED` of them at most: where another report of its
    content would be. In the `order` given, so that what is built from them does not depend
    on the backend's plan."""
    return [dict(r) for r in conn.execute(f"{select} IN ({_RELATED_DOCS}) ORDER BY {order}", (doc_id,) * 5)]


def earliest_title(members: str, group: str, outer: str) -> str:
    """SQL for a group's title (a story's, a topic's): the headline of its earliest document,
    or the opening words of one without a headline. `members` lists (group column, doc_id)."""
    return (f"(SELECT COALESCE(d2.title, substr(d2.text, 1, 80) || '…') FROM {members} m2 JOIN documents d2 ON d2.id = m2.doc_id"
            f" WHERE m2.{group} = {outer} ORDER BY d2.title IS NULL, d2.published IS NULL, d2.published, d2.rowid LIMIT 1)")


def one_by_prefix(conn: Connection, sql: str, column: str, ref: str, what: str) -> Any:
    """The row whose `column` is `ref` (an index lookup), else the one row whose `column`
    starts with `ref`; a clear error when none or several do."""
    exact = conn.execute(f"{sql} WHERE {column} = ? LIMIT 1", (ref,)).fetchone()
    if exact is not None:
        return exact
    rows = conn.execute(f"{sql} WHERE {column} LIKE ? || '%' LIMIT 2", (ref,)).fetchall()
    if len(rows) != 1:
        raise CrosswireError(ref, f"no such {what}" if not rows else f"ambiguous {what} id prefix; give more characters")
    return rows[0]


def keys_of(conn: Connection, table: str, doc_ids: list[str]) -> dict[str, list[str]]:
    """Anchor or band keys of many documents in one query per 500 ids, sorted per document."""
    found: dict[str, list[str]] = {doc_id: [] for doc_id in doc_ids}
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start:start + CHUNK]
        for doc_id, key in conn.execute(
                f"SELECT doc_id, key FROM {table} WHERE doc_id IN ({','.join('?' * len(chunk))}) ORDER BY doc_id, key", chunk):
            found[doc_id].append(key)
    return found


def key_counts(conn: Connection, table: str, keys_of_rows: dict[str, set[str]]) -> dict[str, list[dict[str, object]]]:
    """Document frequencies, from a frequency table (`anchor_df`, `term_df`), of each row's
    keys (sorted; absent keys left out): the batch's keys are read once, as rows share many."""
    wanted = sorted(set().union(*keys_of_rows.values()))
    counts: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        counts.update((r[0], r[1]) for r in conn.execute(
            f"SELECT key, n FROM {table} WHERE key IN ({','.join('?' * len(chunk))}) AND n > 0", chunk))
    return {row: [{"key": key, "count": counts[key]} for key in sorted(keys) if key in counts]
            for row, keys in keys_of_rows.items()}
