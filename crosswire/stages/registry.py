"""Stages registered by name with the columns they require and assign (like spaCy's
components), so the runner can order them and check the order before running anything."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from crosswire.columns import DERIVED_FROM, schema
from crosswire.errors import StageError

# Columns the store holds from ingest, before any stage runs.
INGEST_COLUMNS = ("body", "url", "outlet_key", "hints", "repeated_lines")


@dataclass(frozen=True)
class Stage:
    name: str
    version: int
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    func: Callable[..., pa.RecordBatch]      # rows → output batch
    description: str
    # The module that holds the stage's code: the root of its fingerprint.
    module: str
    # Shared inputs that are not per-document columns (the knowledge base): the runner
    # passes them by name, and their versions are part of every document's input key.
    resources: tuple[str, ...] = ()
    # Whether each document is coded on its own (any order, any process), not from
    # decisions made for earlier ones (clustering).
    per_document: bool = True

    def __call__(self, rows: list[dict[str, Any]], **resources: Any) -> pa.RecordBatch:
        """The stage over rows as the store loads them (`Store.load_rows`); its output is an
        Arrow batch of the declared columns, checked here, whichever process the writer is."""
        out = self.func(rows, **resources)
        expected = schema(("doc_id", *self.assigns))
        if not out.schema.equals(expected):
            raise StageError(self.name, f"returned columns {out.schema.names}, declared {expected.names}")
        return out


REGISTRY: dict[str, Stage] = {}
# Corpus-wide decisions taken after a stage has run over every pending document, by stage
# name: each returns, per stage, the documents that stage (and every stage reading its
# output) must run again for (the runner does so once, in the same run).
AFTER_PASS: dict[str, Callable[[Any], dict[str, set[str]]]] = {}


def after_pass(name: str) -> Callable:
    """Register a corpus-wide decision to take once stage `name` has run (see AFTER_PASS)."""

    def register(func: Callable[[Any], dict[str, set[str]]]) -> Callable:
        AFTER_PASS[name] = func
        return func

    return register


def stage(name: str, *, version: int, requires: tuple[str, ...], assigns: tuple[str, ...],
          resources: tuple[str, ...] = ()) -> Callable:
    """Register a per-document function `row -> dict of assigned columns` as a batch stage."""

    def register(func: Callable[..., dict[str, Any]]) -> Callable:
        out_schema = schema(("doc_id", *assigns))

        def over_batch(rows: list[dict[str, Any]], **shared: Any) -> pa.RecordBatch:
            return pa.RecordBatch.from_pylist([{"doc_id": row["doc_id"], **func(row, **shared)} for row in rows],
                                              schema=out_schema)

        REGISTRY[name] = Stage(name, version, requires, assigns, over_batch, (func.__doc__ or "").strip().split("\n")[0],
                               func.__module__, resources)
        return func

    return register


def batch_stage(name: str, *, version: int, requires: tuple[str, ...], assigns: tuple[str, ...]) -> Callable:
    """Register `rows -> rows of assigned columns` for stages whose documents depend on each
    other in arrival order (clustering): each row may use decisions made for earlier rows."""

    def register(func: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Callable:
        out_schema = schema(("doc_id", *assigns))

        def over_batch(rows: list[dict[str, Any]]) -> pa.RecordBatch:
            results = func(rows)
            return pa.RecordBatch.from_pylist([{"doc_id": r["doc_id"], **o} for r, o in zip(rows, results, strict=True)],
                                              schema=out_schema)

        REGISTRY[name] = Stage(name, version, requires, assigns, over_batch, (func.__doc__ or "").strip().split("\n")[0],
                               func.__module__, per_document=False)
        return func

    return register


def producers(column: str, *, besides: str) -> list[str]:
    """Stages whose output a column is (directly, or through a store-derived column)."""
    sources = DERIVED_FROM.get(column, (column,))
    return [s.name for s in REGISTRY.values() if set(sources) & set(s.assigns) and s.name != besides]


def dependencies(name: str) -> set[str]:
    """Every stage whose output `name` reads, directly or through other stages."""
    found: set[str] = set()
    todo = [name]
    while todo:
        for column in REGISTRY[todo.pop()].requires:
            for producer in producers(column, besides=name):
                if producer not in found:
                    found.add(producer)
                    todo.append(producer)
    return found


def ordered(names: list[str] | None = None) -> list[Stage]:
    """All stages (or the named ones) in an order where each runs after what it reads."""
    unknown = [n for n in names or [] if n not in REGISTRY]
    if unknown:
        raise StageError(", ".join(unknown), f"unknown stage; registered: {', '.join(REGISTRY)}")
    result: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in result:
            return
        if name in visiting:
            raise StageError(name, "stages depend on each other in a cycle")
        visiting.add(name)
        for dep in sorted(dependencies(name)):
            visit(dep)
        visiting.discard(name)
        result.append(name)

    for name in sorted(REGISTRY):       # ties by name: the order never depends on which slice registered first
        visit(name)
    for stage_ in REGISTRY.values():
        for column in stage_.requires:
            if column not in INGEST_COLUMNS and not producers(column, besides=stage_.name):
                raise StageError(stage_.name, f"requires column {column!r} that no stage assigns")
    wanted = set(names) if names is not None else set(result)
    return [REGISTRY[n] for n in result if n in wanted]
