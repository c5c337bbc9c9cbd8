"""SQL the SQLite mixins share: a record by unambiguous id prefix, and the documents where
another report of a document's content would be."""
from __future__ import annotations

import sqlite3

from crosswire.errors import CrosswireError

# Documents linked to `?` or in its story (bind the document id five times).
_RELATED_DOCS = ("SELECT CASE WHEN a = ? THEN b ELSE a END FROM links WHERE a = ? OR b = ?"
                 " UNION SELECT s.doc_id FROM story_docs s JOIN story_docs mine ON mine.story_id = s.story_id"
                 " WHERE mine.doc_id = ? AND s.doc_id != ?")


def related_rows(conn: sqlite3.Connection, select: str, doc_id: str) -> list[dict]:
    """Rows of `select` (a query ending in "… doc_id") from the documents linked to
    `doc_id` or in its story: where another report of its content would be."""
    return [dict(r) for r in conn.execute(f"{select} IN ({_RELATED_DOCS})", (doc_id,) * 5)]


def earliest_title(members: str, group: str, outer: str) -> str:
    """SQL for a group's title (a story's, a topic's): the headline of its earliest document,
    or the opening words of one without a headline. `members` lists (group column, doc_id)."""
    return (f"(SELECT COALESCE(d2.title, substr(d2.text, 1, 80) || '…') FROM {members} m2 JOIN documents d2 ON d2.id = m2.doc_id"
            f" WHERE m2.{group} = {outer} ORDER BY d2.title IS NULL, d2.published IS NULL, d2.published, d2.rowid LIMIT 1)")


def one_by_prefix(conn: sqlite3.Connection, sql: str, column: str, ref: str, what: str) -> sqlite3.Row:
    """The one row whose `column` starts with `ref`; a clear error when none or several do."""
    rows = conn.execute(f"{sql} WHERE {column} LIKE ? || '%' LIMIT 2", (ref,)).fetchall()
    if len(rows) != 1:
        raise CrosswireError(ref, f"no such {what}" if not rows else f"ambiguous {what} id prefix; give more characters")
    return rows[0]
