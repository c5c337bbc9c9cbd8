"""JSONL export: one file per record kind, named and shaped by DESIGN.md's export contract,
and the KB file with the analysts' edits (`kb.yaml`), so the export can be ingested back."""
from __future__ import annotations

import json
from pathlib import Path

from crosswire.export.files import output_folder, replacing
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.kb.edits import kb_file
from crosswire.store import KB_FILE, RECORD_KINDS
from crosswire.store.sql import SQLStore


def export_jsonl(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write every record kind; each file is replaced atomically so readers never see half."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    counts = {}
    for kind in RECORD_KINDS:
        with replacing(folder, f"{kind}.jsonl") as handle:
            counts[kind] = 0
            for record in selected_records(store, kind, docs):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[kind] += 1
    with replacing(folder, KB_FILE) as handle:
        handle.write(kb_file(store, name=f"exported from {store.location}"))
    return counts
