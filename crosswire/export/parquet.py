"""Parquet export: one file per record kind of the export contract, with typed columns
(lists and structs, not JSON strings), so pandas, polars and DuckDB open the knowledge base
directly. Rows are written in batches: memory stays flat on any size of store."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from crosswire.export.files import output_folder, replacing
from crosswire.export.kinds import SCHEMAS, schema, typed_row
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.store import RECORD_KINDS
from crosswire.store.sql import SQLStore

# Rows held before a batch is written.
BATCH = 2000

def _batches(kind: str, records: Iterator[dict[str, Any]]) -> Iterator[pa.RecordBatch]:
    rows: list[dict[str, Any]] = []
    for record in records:
        rows.append(typed_row(kind, record))
        if len(rows) >= BATCH:
            yield pa.RecordBatch.from_pylist(rows, schema=schema(kind))
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=schema(kind))


def _readme() -> str:
    lines = ["# crosswire knowledge base as Parquet", "",
             "One file per record kind (crosswire's export contract, DESIGN.md). Spans are character offsets"
             " [start, end) into the document's `text` (documents.parquet). Open with DuckDB:"
             " `SELECT * FROM 'events.parquet'`, pandas: `pandas.read_parquet('events.parquet')`.", ""]
    for kind, columns in SCHEMAS.items():
        lines += [f"## {kind}.parquet", "", "| column | type | holds |", "|---|---|---|"]
        lines += [f"| {name} | {type_} | {holds} |" for name, type_, holds in columns]
        lines.append("")
    return "\n".join(lines)


def export_parquet(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write `KIND.parquet` for every record kind and a README of their columns, each file
    replaced atomically."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    counts = {}
    for kind in RECORD_KINDS:
        counts[kind] = 0
        with replacing(folder, f"{kind}.parquet", binary=True) as handle, \
                pq.ParquetWriter(handle, schema(kind), compression="zstd") as writer:
            for batch in _batches(kind, selected_records(store, kind, docs)):
                writer.write_batch(batch)
                counts[kind] += batch.num_rows
    with replacing(folder, "README.md") as handle:
        handle.write(_readme())
    return counts
