"""Plain text: the whole file is one article; the headline is found after cleaning."""
from __future__ import annotations

from collections.abc import Iterator

from crosswire.errors import InputError
from crosswire.ingest.readers.common import outlet_key
from crosswire.model import Article
from crosswire.settings import IngestOptions
from crosswire.text.normalize import normalize_text


def read_txt(text: str, source: str, options: IngestOptions) -> Iterator[Article | InputError]:
    body = normalize_text(text)
    if not body:
        yield InputError(source, "empty file (only whitespace)")
        return
    yield Article(body=body, source=source, reader="txt", raw=text, outlet=options.outlet,
                  outlet_key=outlet_key(options.outlet, None, source))
