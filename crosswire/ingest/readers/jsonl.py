"""JSONL exports: one article per line, field names mapped by the user or guessed; crosswire's
own export is read as it was written (ingest/exported.py)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.errors import InputError
from crosswire.ingest.exported import exported_document, is_exported_document
from crosswire.ingest.readers.common import compose_body, outlet_key
from crosswire.ingest.readers.html import html_to_text
from crosswire.model import Article
from crosswire.settings import IngestOptions

_TOO_DEEP = "JSON nested too deeply to be an article record"


def _field(record: dict[str, Any], options: IngestOptions, key: str) -> str | None:
    for name in options.jsonl_names(key):
        value = record.get(name)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def _records(text: str, source: str) -> Iterator[tuple[int, str, Any]]:
    """(line number, raw line, parsed record or the parse error).

    A JSON array of records, or one pretty-printed record, is accepted too.
    """
    if text.lstrip().startswith("{") and "\n" in text.strip():
        try:
            whole = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            whole = None
        if isinstance(whole, dict):
            yield 1, text, whole
            return
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            if text.rstrip().endswith("]"):      # one array, broken somewhere; else JSON lines, the first one bad
                yield exc.lineno, text, InputError(f"{source}:{exc.lineno}", f"malformed JSON array ({exc.msg})")
                return
        except RecursionError:
            pass                                  # read line by line: the deep line fails alone
        else:
            for number, item in enumerate(items if isinstance(items, list) else [items], start=1):
                yield number, json.dumps(item, ensure_ascii=False), item
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, line, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, line, InputError(f"{source}:{number}", f"malformed JSON ({exc.msg} at column {exc.colno})")
            except RecursionError:
                yield number, line, InputError(f"{source}:{number}", _TOO_DEEP)


def read_jsonl(text: str, source: str, options: IngestOptions) -> Iterator[Article | InputError]:
    for number, line, record in _records(text, source):
        where = f"{source}:{number}"
        if isinstance(record, InputError):
            yield record
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"expected a JSON object, got {type(record).__name__}")
            continue
        if is_exported_document(record):
            yield exported_document(record, f"{source}#L{number}", line, outlet_key(None, None, source))
            continue
        body_text = _field(record, options, "text")
        if body_text is None:
            names = "/".join(options.jsonl_names("text"))
            yield InputError(where, f"no article text (looked for field {names}; map it with --field text=NAME)")
            continue
        if body_text.lstrip().startswith("<"):
            body_text = html_to_text(body_text) or body_text
        title, url = _field(record, options, "title"), _field(record, options, "url")
        outlet = options.outlet or _field(record, options, "outlet")
        hints = {k: v for k in ("date", "lang") if (v := _field(record, options, k))}
        yield Article(
            body=compose_body(title, body_text), source=f"{source}#L{number}", reader="jsonl", raw=line,
            title=title, url=url, outlet=outlet, outlet_key=outlet_key(outlet, url, source), hints=hints,
        )
