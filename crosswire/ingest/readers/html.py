"""HTML pages: main text, title, date and site via trafilatura (htmldate for dates)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura

from crosswire.errors import InputError
from crosswire.ingest.readers.common import compose_body, outlet_key
from crosswire.model import Article
from crosswire.settings import IngestOptions

_LINE_BREAKS = re.compile(r"\n+")


def html_to_text(html: str) -> str:
    """Main text with one blank line between paragraphs (trafilatura separates them by one)."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    return _LINE_BREAKS.sub("\n\n", text).strip()


def read_html(text: str, source: str, options: IngestOptions) -> Iterator[Article | InputError]:
    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    main = _LINE_BREAKS.sub("\n\n", doc.text).strip() if doc is not None and doc.text else ""
    if not main:
        yield InputError(source, "no article text found in the HTML page")
        return
    outlet = options.outlet or doc.sitename or None
    hints = {k: v for k, v in {"date": doc.date, "author": doc.author, "sitename": doc.sitename,
                                "description": doc.description, "lang": doc.language}.items() if v}
    yield Article(
        body=compose_body(doc.title, main), source=source, reader="html", raw=text, title=doc.title or None,
        url=doc.url or None, outlet=outlet, outlet_key=outlet_key(outlet, doc.url, source), hints=hints,
    )
