"""Pieces every reader shares: the article body, outlet keys, dates from metadata."""
from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlparse

from crosswire.text.normalize import normalize_text


def compose_body(title: str | None, text: str) -> str:
    """The stored body starts with the headline, so headline quotes have spans too."""
    text = normalize_text(text)
    title = normalize_text(title or "")
    if title and not text.startswith(title):
        return f"{title}\n\n{text}"
    return text


def outlet_key(outlet: str | None, url: str | None, source: str) -> str:
    """What groups one site's documents when learning its boilerplate lines."""
    if outlet:
        return "outlet:" + outlet.strip().casefold()
    host = urlparse(url).hostname if url else None
    if host:
        return "host:" + host.removeprefix("www.")
    return "dir:" + str(PurePath(source.split("#", 1)[0]).parent)
