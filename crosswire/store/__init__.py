"""Storage behind one interface; `open_store` picks the backend from the location."""
from __future__ import annotations

from pathlib import Path

from crosswire.errors import StoreError
from crosswire.store.base import RECORD_KINDS, AddResult, SearchHit, Store
from crosswire.store.sqlite import SQLiteStore

__all__ = ["RECORD_KINDS", "AddResult", "SearchHit", "Store", "open_store"]


def open_store(location: str | Path, *, create: bool = True, readonly: bool = False, busy_timeout: float = 10.0) -> Store:
    """Open a store: a file path is SQLite; other backends will be chosen by URL scheme.
    `readonly` guarantees that nothing in the store changes."""
    import crosswire.slices  # noqa: F401  (the analyses' storage registers itself; imported here to avoid a cycle)

    text = str(location)
    if "://" in text and not text.startswith("file://"):
        raise StoreError(text, "only SQLite files are supported so far (PostgreSQL is planned)")
    return SQLiteStore(text.removeprefix("file://"), create=create, readonly=readonly, busy_timeout=busy_timeout)
