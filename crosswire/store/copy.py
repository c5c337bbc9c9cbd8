"""Move a knowledge base from one store to another (a SQLite file to a team's PostgreSQL
server, or back): every table's rows, parents before the rows that point to them, in
one transaction on the target, so a failed copy leaves the target as it was. The search
index is rebuilt from the documents; the vector index rebuilds itself from the stored
vectors when first used."""
from __future__ import annotations

from graphlib import TopologicalSorter

from crosswire.errors import StoreError
from crosswire.langdata.letters import strip_marks
from crosswire.store.queries import insert_sql
from crosswire.store.sql import SQLStore

# Rows sent to the target per statement.
BATCH = 1000


def copy_store(source: SQLStore, target: SQLStore) -> dict[str, int]:
    """Copy every row of `source` into `target`, which must hold no documents (the starter
    KB a new database begins with is replaced); the rows copied, per table."""
    if held := target.count_documents():
        raise StoreError(target.location, f"already holds {held} documents; copy into a new, empty database")
    theirs, ours = source.tables(), target.tables()
    missing = sorted(set(theirs) - set(ours))
    if missing:
        raise StoreError(target.location, f"has no table {', '.join(missing)}; open it with this crosswire's version first")
    references = target.references()
    order = list(TopologicalSorter({t: references.get(t, set()) & set(ours) for t in ours}).static_order())
    copied: dict[str, int] = {}
    with target.transaction() as conn:
        for table in reversed(order):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM docs_fts")
        for table in (t for t in order if t in theirs):
            columns = [c for c in theirs[table] if c in ours[table]]
            insert = insert_sql(table, columns)
            rows = source.conn.execute(source.in_written_order(table, columns))
            copied[table] = 0
            while batch := [tuple(r) for r in rows.fetchmany(BATCH)]:
                conn.executemany(insert, batch)
                copied[table] += len(batch)
        documents = conn.execute("SELECT rowid, title, text FROM documents")
        while batch := documents.fetchmany(BATCH):
            conn.executemany("INSERT INTO docs_fts (rowid, title, text) VALUES (?, ?, ?)",
                             [(r[0], r[1] or "", strip_marks(r[2])) for r in batch])
        target.after_copy(conn)
    return copied
