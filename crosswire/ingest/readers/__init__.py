"""Readers turn decoded input into articles; `reader_for` picks one by name or by content."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from crosswire.errors import InputError
from crosswire.ingest.readers.feed import read_feed
from crosswire.ingest.readers.html import read_html
from crosswire.ingest.readers.jsonl import read_jsonl
from crosswire.ingest.readers.txt import read_txt
from crosswire.model import Article
from crosswire.settings import IngestOptions

Reader = Callable[[str, str, IngestOptions], Iterator[Article | InputError]]

READERS: dict[str, Reader] = {"txt": read_txt, "html": read_html, "jsonl": read_jsonl, "feed": read_feed}
_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


def sniff(text: str) -> str:
    head = text.lstrip()[:2048].lower()
    if head.startswith("{"):
        return "jsonl"
    if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
        return "feed"
    if head.startswith("<") and any(tag in head for tag in ("<html", "<!doctype html", "<body", "<article", "<p", "<div", "<head")):
        return "html"
    return "txt"


def reader_for(source: str, text: str, forced: str | None) -> tuple[str, Reader]:
    name = forced or _BY_SUFFIX.get(Path(source).suffix.lower()) or sniff(text)
    if name == "feed" and sniff(text) == "html":
        name = "html"
    return name, READERS[name]
