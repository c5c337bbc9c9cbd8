"""crosswire's own JSONL export, ingested back: the documents are rebuilt from
`documents.jsonl` as they were first ingested (same body, source hints and site key, so the
same ids and the same analysis), and the knowledge base with the analysts' edits from the
export's KB file. The other record files are what the stages find again: they are skipped."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswire.errors import InputError
from crosswire.kb.edits import replay
from crosswire.kb.format import read_document
from crosswire.kb.storage import kb_import
from crosswire.model import Article
from crosswire.store import KB_FILE, RECORD_KINDS
from crosswire.store.sql import SQLStore

DOCUMENTS = "documents.jsonl"
DERIVED = {f"{kind}.jsonl" for kind in RECORD_KINDS} - {DOCUMENTS}


def is_export(folder: Path) -> bool:
    """A folder `crosswire export --format jsonl` wrote."""
    return (folder / DOCUMENTS).is_file() and (folder / "entities.jsonl").is_file()


def is_exported_document(record: dict[str, Any]) -> bool:
    return isinstance(record.get("ingest"), dict) and isinstance(record.get("id"), str)


def exported_document(record: dict[str, Any], source: str, line: str, site: str) -> Article | InputError:
    """A document of the export as its first ingestion stored it: its body, and the title,
    outlet and URL its source gave (the analysed ones are found again); `site` groups its
    site's documents when the export does not say."""
    ingest = record["ingest"]
    body = ingest.get("body") or record.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputError(source, "an exported document with no text")
    hints = {k: str(v) for k, v in ingest.get("hints", {}).items()} if isinstance(ingest.get("hints"), dict) else {}
    given = {key: hints.pop(key, None) for key in ("title", "outlet", "url")}
    return Article(body=body, source=source, reader="jsonl", raw=line, **given, outlet_key=ingest.get("outlet_key") or site,
                   hints=hints)


def restore_kb(store: SQLStore, folder: Path) -> dict[str, int]:
    """The export's knowledge base and analyst edits added to the store (edits it already
    holds are not made twice); nothing when the export has no KB file."""
    path = folder / KB_FILE
    if not path.is_file():
        return {}
    try:
        actors, edits = read_document(path)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as error:
        raise InputError(str(path), f"not a valid knowledge-base file ({type(error).__name__}: {error})") from None
    counts = kb_import(store, actors)
    return {"actors": len(actors), **counts, "edits": replay(store, edits)}
