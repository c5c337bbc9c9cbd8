"""Sentence spans for any script, without a model.

A sentence ends at terminal punctuation (Latin, Arabic, Urdu, CJK, Devanagari…) followed
by space, a closing quote or bracket, or a line break; paragraphs always end one. Known
abbreviations and single initials ("U.S.", "Mr.", "J. Smith") do not end a sentence.
"""
from __future__ import annotations

import re

from crosswire.text.normalize import paragraph_spans

_END = re.compile(r"""[.!?…]+['"”’»)\]]*(?=\s)|[؟۔।。！？]+['"”’»)\]」』]*""")
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|gen|col|lt|maj|capt|sgt|sen|rep|gov|st|no|vs|etc|inc|ltd|co|jr|sr|mt|fig|approx|jan|feb|"
    r"mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|m|mme|mlle|av|cf|env)\.|\b[A-Z]\.|\b(?:[A-Za-z]\.){2,})$",
    re.IGNORECASE,
)
MIN_CHARS = 2


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            if _ABBREVIATION.search(text, max(p_start, match.start() - 12), match.end()) and text[match.start()] == ".":
                continue
            _add(text, spans, start, match.end())
            start = match.end()
        _add(text, spans, start, p_end)
    return spans


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= MIN_CHARS:
        spans.append((start, end))
