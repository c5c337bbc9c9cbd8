"""Which store code loads, writes and forgets each declared column and stage, and exports
each record kind: registered by decorators beside the code that does it, so dispatch never
builds a method name from a string, and a stage output no code writes is an error found
before anything runs (`missing_writers`), not a column silently dropped."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable)

LOADERS: dict[str, Callable] = {}      # column -> (store, rows by doc id) -> None, filling row[column]
WRITERS: dict[str, Callable] = {}      # column -> (store, connection, doc id, value, stage, produced_by) -> None
FORGETTERS: dict[str, Callable] = {}   # stage -> (store, connection) -> None: what a forced re-run starts from
EXPORTERS: dict[str, Callable] = {}    # record kind -> (store) -> records
TABLES: dict[str, str] = {}            # table a slice owns -> its CREATE TABLE IF NOT EXISTS statement
NEW_DOCUMENTS: list[Callable] = []     # (store, connection, articles by new doc id) -> None: documents were just stored
NEW_TEXT: list[Callable] = []          # (store, connection, doc id, stage) -> None: a stage is about to change a document's clean text
ON_OPEN: list[Callable] = []           # (store) -> None: a store opened for writing (the starter KB goes in)


def _register(table: dict[str, Callable], names: tuple[str, ...]) -> Callable[[F], F]:
    def register(func: F) -> F:
        for name in names:
            if name in table:
                raise ValueError(f"{name!r} already has {table[name].__qualname__}; {func.__qualname__} cannot also handle it")
            table[name] = func
        return func

    return register


def loads(*columns: str) -> Callable[[F], F]:
    return _register(LOADERS, columns)


def writes(*columns: str) -> Callable[[F], F]:
    return _register(WRITERS, columns)


def forgets(*stages: str) -> Callable[[F], F]:
    return _register(FORGETTERS, stages)


def exports(kind: str) -> Callable[[F], F]:
    return _register(EXPORTERS, (kind,))


def export_records(store: Any, kind: str) -> Iterator[dict[str, Any]]:
    """Records of one export-contract kind (DESIGN.md names their fields), from the slice that exports it."""
    if kind not in EXPORTERS:
        raise KeyError(f"no slice exports {kind!r} records (known: {', '.join(sorted(EXPORTERS))})")
    yield from EXPORTERS[kind](store)


def on_new_text(func: F) -> F:
    """Code that keeps a slice's corpus-wide counts in step when a document's text changes
    (its rows computed from the old text are deleted by the store)."""
    NEW_TEXT.append(func)
    return func


def on_new_documents(func: F) -> F:
    """Code that keeps a slice's per-outlet or corpus-wide counts in step as documents are
    stored (in the same transaction)."""
    NEW_DOCUMENTS.append(func)
    return func


def on_open(func: F) -> F:
    """Code a slice runs when a store opens for writing, after migrations."""
    ON_OPEN.append(func)
    return func


def table(name: str, ddl: str) -> None:
    """A table a slice keeps its output in, created when a store opens for writing."""
    if TABLES.get(name, ddl) != ddl:
        raise ValueError(f"table {name!r} is declared twice, differently")
    TABLES[name] = ddl


def missing_writers(assigned: Iterable[str], stored_on_documents: Iterable[str]) -> list[str]:
    """Columns some stage assigns that neither the document row nor a writer keeps."""
    return sorted(set(assigned) - set(stored_on_documents) - set(WRITERS))
