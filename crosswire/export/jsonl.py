"""JSONL export: one file per record kind, named and shaped by DESIGN.md's export contract."""
from __future__ import annotations

import json
import os
from pathlib import Path

from crosswire.store import RECORD_KINDS, Store


def export_jsonl(store: Store, out: Path) -> dict[str, int]:
    """Write every record kind; each file is replaced atomically so readers never see half."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for kind in RECORD_KINDS:
        target = out / f"{kind}.jsonl"
        partial = target.with_suffix(".jsonl.partial")
        with partial.open("w", encoding="utf-8") as handle:
            counts[kind] = 0
            for record in store.export_records(kind):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[kind] += 1
        os.replace(partial, target)
    return counts
