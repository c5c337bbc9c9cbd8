"""Settings in one place, overridable from the CLI and the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = "crosswire.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# JSONL field names tried in order when the user does not map them explicitly.
JSONL_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext", "article", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("date", "published", "published_at", "date_publish", "pubdate", "datetime"),
    "outlet": ("outlet", "source_name", "site", "sitename", "publisher", "domain"),
    "lang": ("lang", "language"),
}


def default_db() -> Path:
    return Path(os.environ.get("CROSSWIRE_DB", DEFAULT_DB))


@dataclass
class IngestOptions:
    """How readers treat input; one object instead of many keyword arguments."""

    max_bytes: int = DEFAULT_MAX_BYTES
    jsonl_fields: dict[str, str] = field(default_factory=dict)
    outlet: str | None = None
    format: str | None = None
    # Follow symbolic links inside folders even where they lead outside the folder.
    follow_links: bool = False

    def jsonl_names(self, key: str) -> tuple[str, ...]:
        if key in self.jsonl_fields:
            return (self.jsonl_fields[key],)
        return JSONL_FIELD_ALIASES[key]
