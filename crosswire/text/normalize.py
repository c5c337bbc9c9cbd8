"""Unicode normalization, identity keys and paragraph spans.

Normalization runs once, before a text is stored; every later offset indexes the stored
result, so evidence spans never drift. The raw input is kept beside it for re-processing.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

# Zero-width and control characters that carry no text. ZWNJ (U+200C) is kept: Persian
# and Kurdish spelling depends on it.
_INVISIBLE = re.compile("[\u200b\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ARABIC_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Clean Unicode and whitespace so that equal articles get equal text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _ARABIC_PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(value: str | None) -> str | None:
    """A metadata value as one line of normalized text, or None when nothing is left."""
    if value is None:
        return None
    return _WHITESPACE.sub(" ", normalize_text(value)).strip() or None


def identity_key(text: str) -> str:
    """Case- and spacing-insensitive form that decides whether two texts are one article."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def document_id(text: str) -> str:
    return hashlib.sha256(identity_key(text).encode("utf-8")).hexdigest()[:16]


def short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines; a text without blank lines has one block per line."""
    separator = re.compile(r"\n\s*\n") if "\n\n" in text else re.compile(r"\n")
    spans, start = [], 0
    for match in separator.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


BOILERPLATE_MAX_WORDS = 20


def line_signature(line: str) -> str | None:
    """Key under which a short line is counted across an outlet's documents.

    Long lines are article content even when repeated (a reprinted paragraph), so they
    get no signature and are never learned as boilerplate.
    """
    key = identity_key(line)
    if not key or len(key.split()) > BOILERPLATE_MAX_WORDS:
        return None
    return short_hash(key)
