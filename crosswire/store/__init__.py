"""Storage behind one interface; `open_store` picks the backend from the location."""
from __future__ import annotations

from pathlib import Path

from crosswire.errors import StoreError
from crosswire.store.base import KB_FILE, RECORD_KINDS, AddResult, SearchHit, Store
from crosswire.store.postgres import PostgresStore, is_postgres
from crosswire.store.sqlite import SQLiteStore

__all__ = ["KB_FILE", "RECORD_KINDS", "AddResult", "SearchHit", "Store", "open_store"]


def open_store(location: str | Path, *, create: bool = True, readonly: bool = False, busy_timeout: float = 10.0) -> Store:
    """Open a store: a `postgresql://` URL is PostgreSQL, anything else a SQLite file.
    `readonly` guarantees that nothing in the store changes."""
    import crosswire.slices  # noqa: F401  (the analyses' storage registers itself; imported here to avoid a cycle)

    text = str(location)
    if is_postgres(text):
        return PostgresStore(text, create=create, readonly=readonly, busy_timeout=busy_timeout)
    if "://" in text and not text.startswith("file://"):
        raise StoreError(text, "not a store location: give a SQLite file path or a postgresql:// URL")
    return SQLiteStore(text.removeprefix("file://"), create=create, readonly=readonly, busy_timeout=busy_timeout)
