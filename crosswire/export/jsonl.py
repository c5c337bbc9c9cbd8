"""JSONL export: one file per record kind, named and shaped by DESIGN.md's export contract."""
from __future__ import annotations

import json
from pathlib import Path

from crosswire.export.files import output_folder, replacing
from crosswire.store import RECORD_KINDS, Store
from crosswire.store.handlers import export_records


def export_jsonl(store: Store, out: Path) -> dict[str, int]:
    """Write every record kind; each file is replaced atomically so readers never see half."""
    folder = output_folder(out)
    counts = {}
    for kind in RECORD_KINDS:
        with replacing(folder, f"{kind}.jsonl") as handle:
            counts[kind] = 0
            for record in export_records(store, kind):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[kind] += 1
    return counts
