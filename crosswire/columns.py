"""Declared columns: the names and Arrow types stages read and assign.

Stages exchange Arrow record batches with these columns, so the same stage function runs
in-process and under a distributed runner (Ray Data's `map_batches`) unchanged.
"""
from __future__ import annotations

import pyarrow as pa

PARAGRAPH = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("lang", pa.string()), ("score", pa.float64())])
FIELD = pa.struct(
    [("key", pa.string()), ("value", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("basis", pa.string())]
)

COLUMNS: dict[str, pa.DataType] = {
    "doc_id": pa.string(),
    "body": pa.string(),
    "text": pa.string(),
    "title": pa.string(),
    "url": pa.string(),
    "outlet": pa.string(),
    "outlet_key": pa.string(),
    "hints": pa.string(),
    "repeated_lines": pa.list_(pa.string()),
    "lang": pa.string(),
    "published": pa.string(),
    "published_precision": pa.string(),
    "relayed_from": pa.string(),
    "paragraphs": pa.list_(PARAGRAPH),
    "fields": pa.list_(FIELD),
}

# Columns stored on the document row itself; the rest live in tables of their own.
DOCUMENT_COLUMNS = ("text", "title", "lang", "published", "published_precision", "outlet", "relayed_from")
# Columns the store computes rather than reads from the document row.
DERIVED_COLUMNS = ("repeated_lines", "fields", "paragraphs")


def schema(names: tuple[str, ...]) -> pa.Schema:
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise KeyError(f"undeclared column(s): {', '.join(unknown)}")
    return pa.schema([(n, COLUMNS[n]) for n in names])
