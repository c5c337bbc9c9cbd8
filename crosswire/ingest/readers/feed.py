"""RSS and Atom feed files: each entry is an article, the feed's title its outlet."""
from __future__ import annotations

import io
import time
from collections.abc import Iterator

import feedparser

from crosswire.errors import InputError
from crosswire.ingest.readers.common import compose_body, outlet_key
from crosswire.ingest.readers.html import html_to_text
from crosswire.model import Article
from crosswire.settings import IngestOptions


def _entry_text(entry: feedparser.FeedParserDict) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    return html_to_text(f"<html><body>{html}</body></html>") if "<" in html else html


def read_feed(text: str, source: str, options: IngestOptions) -> Iterator[Article | InputError]:
    # A stream, never a string: given a string that looks like a URL or a path, feedparser
    # fetches the URL or opens the file (a FIFO would block forever).
    # The text is already decoded, so its bytes are UTF-8 whatever the XML declaration says.
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers={"content-type": "application/xml; charset=utf-8"})
    if not parsed.entries:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        yield InputError(source, f"not an RSS/Atom feed with entries{reason}")
        return
    outlet = options.outlet or parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#entry{number}"
        body = _entry_text(entry)
        if not body.strip():
            yield InputError(where, "feed entry has no text")
            continue
        hints = {}
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            hints["date"] = time.strftime("%Y-%m-%d", stamp)
        url = entry.get("link")
        yield Article(
            body=compose_body(entry.get("title"), body), source=url or where, reader="feed", raw=str(entry),
            title=entry.get("title"), url=url, outlet=outlet, outlet_key=outlet_key(outlet, url, source), hints=hints,
        )
