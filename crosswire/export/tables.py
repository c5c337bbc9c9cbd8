"""Flat CSV tables for spreadsheets: one file per record kind, one cell per value. A struct
of plain values spreads into columns of its own (`location_name`, `location_lat`); lists
of words are joined with "; "; spans read "start-end"; anything deeper is written as JSON
in its cell. Cells that a spreadsheet would run as formulas are neutralised."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from crosswire.export.files import output_folder, replacing, write_csv
from crosswire.export.kinds import SCHEMAS, typed_row
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.store import RECORD_KINDS
from crosswire.store.sql import SQLStore


def _is_span(kind: pa.DataType) -> bool:
    return pa.types.is_list(kind) and pa.types.is_integer(kind.value_type)


def _cell(kind: pa.DataType, value: Any) -> Any:
    if value is None:
        return ""
    if _is_span(kind):
        return "-".join(str(v) for v in value)
    if pa.types.is_list(kind) and (_is_span(kind.value_type) or pa.types.is_string(kind.value_type)):
        return "; ".join(str(_cell(kind.value_type, v)) for v in value)
    if pa.types.is_map(kind) and not pa.types.is_struct(kind.item_type):
        return "; ".join(f"{k}={_cell(kind.item_type, v)}" for k, v in value)
    if pa.types.is_nested(kind):
        return json.dumps(dict(value) if pa.types.is_map(kind) else value, ensure_ascii=False)
    return value


def _flat_struct(kind: pa.DataType) -> bool:
    """A struct whose fields each fit a cell: it spreads into columns."""
    return pa.types.is_struct(kind) and all(not pa.types.is_nested(f.type) or _is_span(f.type) for f in kind)


def columns(kind: str) -> list[str]:
    names = []
    for name, type_, _ in SCHEMAS[kind]:
        names += [f"{name}_{f.name}" for f in type_] if _flat_struct(type_) else [name]
    return names


def flat_row(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record as one cell per column."""
    row, typed = {}, typed_row(kind, record)
    for name, type_, _ in SCHEMAS[kind]:
        value = typed.get(name)
        if _flat_struct(type_):
            row.update({f"{name}_{f.name}": _cell(f.type, (value or {}).get(f.name)) for f in type_})
        else:
            row[name] = _cell(type_, value)
    return row


def export_csv(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write `KIND.csv` for every record kind, each replaced atomically."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    counts = {}
    for kind in RECORD_KINDS:
        with replacing(folder, f"{kind}.csv", newline="") as handle:
            counts[kind] = write_csv(handle, columns(kind), (flat_row(kind, r) for r in selected_records(store, kind, docs)))
    return counts
