"""Stage `clean`: remove scraped junk from the body and keep what it says as metadata.

General methods first: lines that recur across many documents of one outlet, tag lines
and short non-sentence lines at the edges; then the multilingual lists in `langdata/`.
Removed lines are kept as fields with offsets into the body, so nothing is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crosswire.langdata.cleaning import Patterns, patterns
from crosswire.stages.registry import stage
from crosswire.text.normalize import line_signature

_GLUED_WORDS = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_TAG_SEPARATORS = re.compile(r"\s*(?:\||•|·|»|›|>|/)\s*")
_SENTENCE_END = re.compile(r"[.!?。！？؟۔…:;]['\"”»’)\]]*$")
_QUOTE_CHARS = re.compile("[\"“”«»„]")

MAX_JUNK_WORDS = 15
MAX_EDGE_WORDS = 6
MAX_EDGE_CHARS = 50


@dataclass
class Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(body: str) -> list[Line]:
    lines, start = [], 0
    for raw in body.split("\n"):
        stripped = raw.strip()
        offset = raw.find(stripped) if stripped else 0
        lines.append(Line(start + offset, start + offset + len(stripped), stripped))
        start += len(raw) + 1
    return lines


def is_sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) or len(text.split()) >= 8


def is_tag_line(text: str) -> bool:
    """"IraqIranMiddle EastPalestine" or "World | Middle East | Iraq": glued or separated labels."""
    if is_sentence_like(text):
        return False
    items = [i for i in _TAG_SEPARATORS.split(text) if i]
    return len(_GLUED_WORDS.findall(text)) >= 2 or (len(items) >= 3 and all(len(i.split()) <= 3 for i in items))


def _fullmatch(pats: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((m for p in pats if (m := p.fullmatch(text))), None)


def classify(line: Line, pats: Patterns, repeated: set[str]) -> list[tuple[str, str]]:
    """Metadata fields for a junk line, or [] when the line is article text."""
    text = line.text
    if line_signature(text) in repeated:
        return [("boilerplate", text)]
    if line.words <= 40 and (match := _fullmatch(pats.copyright, text)):
        holder = (match.groupdict().get("value") or "").strip(" .,;")
        return [("copyright", text)] + ([("copyright_holder", holder)] if holder else [])
    if line.words > MAX_JUNK_WORDS and not pats.tags_line.fullmatch(text):
        return []
    if match := pats.source_line.fullmatch(text):
        return [("source_line", match["value"].strip(" ."))]
    if line.words <= 10 and (match := pats.date_line.fullmatch(text)):
        return [("date_line", match["value"].strip())]
    if match := pats.tags_line.fullmatch(text):
        return [("tags", match["value"].strip())]
    if _fullmatch(pats.junk_lines, text):
        return [("junk", text)]
    if line.words <= 8 and (match := _fullmatch(pats.byline, text)):
        return [("byline", match["value"].strip())]
    return []


def _edge_fields(lines: list[Line], removed: dict[int, list[tuple[str, str]]]) -> None:
    """Tag lines above the first sentence; short non-sentences below the last one."""
    content = [i for i, line in enumerate(lines) if line.text and i not in removed]
    for i in content:
        if is_sentence_like(lines[i].text):
            break
        if is_tag_line(lines[i].text):
            removed[i] = [("tags", lines[i].text)]
    for i in reversed(content[1:]):
        text = lines[i].text
        if is_sentence_like(text) or _QUOTE_CHARS.search(text):
            break
        if len(text.split()) <= MAX_EDGE_WORDS and len(text) <= MAX_EDGE_CHARS:
            removed[i] = [("footer", text)]


def clean_body(body: str, repeated: set[str]) -> tuple[str, list[dict[str, Any]]]:
    """The clean text and the fields taken out of the body (offsets index the body)."""
    pats = patterns()
    lines = _lines(body)
    removed: dict[int, list[tuple[str, str]]] = {}
    for i, line in enumerate(lines):
        if line.text and (found := classify(line, pats, repeated)):
            removed[i] = found
    _edge_fields(lines, removed)
    fields = [
        {"key": key, "value": value, "start": lines[i].start, "end": lines[i].end, "basis": "body"}
        for i, found in sorted(removed.items()) for key, value in found
    ]
    kept = [line for i, line in enumerate(lines) if i not in removed]
    texts = [line.text for line in kept]
    first = next((i for i, line in enumerate(kept) if line.text), None)
    if first is not None and (match := pats.date_prefix.match(kept[first].text)):
        start = kept[first].start
        fields.append({"key": "date_line", "value": match["value"], "start": start, "end": start + match.end(), "basis": "body"})
        texts[first] = kept[first].text[match.end():]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(texts)).strip()
    return text, fields


@stage("clean", version=1, requires=("body", "repeated_lines"), assigns=("text", "fields"))
def clean(row: dict[str, Any]) -> dict[str, Any]:
    """Remove junk lines (tags, share buttons, copyright, source and date lines) from the body."""
    text, fields = clean_body(row["body"], set(row["repeated_lines"]))
    if not text:
        return {"text": row["body"], "fields": [{"key": "clean_warning", "value": "every line looked like junk; kept the body",
                                                  "start": None, "end": None, "basis": "body"}]}
    return {"text": text, "fields": fields}
