"""spaCy's French tokenizer keeps hyphenated words whole with one regular expression of 1.4
million characters: about 300 alternatives, each repeating Unicode letter classes thousands of
characters long. Python compiles every copy of a class anew, which takes 9 s per process on
our machines (at the module's import; the model's deserialization compiles the same pattern
again, from `re`'s cache). Alternatives that differ only before their first long class are grouped
(`^(?:anti|archi|…)-[letters][…]*$` for `^anti-[letters][…]*$|^archi-[letters][…]*$|…`): the
same strings match, and each class is compiled once per group.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Patterns at least this long are factored; spaCy's longest other pattern is under 20,000.
LONG_PATTERN = 100_000
# A character class at least this long is a "long class" (spaCy's letter classes are thousands).
LONG_CLASS = 200
_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_SEPARATOR = ")|(?:"


def _class_end(pattern: str, at: int) -> int:
    """Where the character class opening at `at` ends (one past its `]`)."""
    k = at + 1
    if pattern[k:k + 1] == "^":
        k += 1
    if pattern[k:k + 1] == "]":
        k += 1                      # a leading "]" is a member
    while k < len(pattern) and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    if k >= len(pattern):
        raise ValueError("a character class is not closed")
    return k + 1


def _first_long_class(pattern: str) -> int | None:
    """Where the first long class of one alternative opens, if it opens outside any group."""
    depth, k = 0, 0
    while k < len(pattern):
        char = pattern[k]
        if char == "\\":
            k += 2
            continue
        if char == "[":
            end = _class_end(pattern, k)
            if end - k >= LONG_CLASS:
                return k if depth == 0 else None
            k = end
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        k += 1
    return None


def _alternatives(body: str) -> Iterator[str]:
    """The alternatives of `(?:A)|(?:B)|…`, as spaCy joins them."""
    if not (body.startswith("(?:") and body.endswith(")")):
        raise ValueError("not an alternation of groups")
    yield from body[3:-1].split(_SEPARATOR)


def factored(pattern: str) -> str:
    """The same alternation with alternatives that share everything from their first long
    class on (and open with `^`) written as one: `^(?:head|head…)tail`. Alternatives it
    cannot split so keep their place, unchanged."""
    flags = _FLAGS.match(pattern)
    prefix = flags.group() if flags else ""
    groups: dict[str, list[str]] = {}
    kept: list[str] = []
    for alternative in _alternatives(pattern[len(prefix):]):
        at = _first_long_class(alternative) if alternative.startswith("^") else None
        if at is None:
            kept.append(alternative)
        else:
            groups.setdefault(alternative[at:], []).append(alternative[1:at])
    merged = [f"^(?:{'|'.join(heads)}){tail}" for tail, heads in groups.items()]
    return prefix + "|".join(f"(?:{a})" for a in merged + kept)


@contextmanager
def long_patterns_factored() -> Iterator[None]:
    """While loading a spaCy pipeline: `re.compile` compiles long alternations factored."""
    original = re.compile

    def compile_factored(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        if isinstance(pattern, str) and len(pattern) >= LONG_PATTERN:
            try:
                pattern = factored(pattern)
            except ValueError:
                pass                # some other long pattern: compiled as it is
        return original(pattern, flags)

    re.compile = compile_factored
    try:
        yield
    finally:
        re.compile = original
