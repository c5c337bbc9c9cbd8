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


def one_by_prefix(conn: sqlite3.Connection, sql: str, column: str, ref: str, what: str) -> sqlite3.Row:
    """The one row whose `column` starts with `ref`; a clear error when none or several do."""
    rows = conn.execute(f"{sql} WHERE {column} LIKE ? || '%' LIMIT 2", (ref,)).fetchall()
    if len(rows) != 1:
        raise CrosswireError(ref, f"no such {what}" if not rows else f"ambiguous {what} id prefix; give more characters")
    return rows[0]
