"""Find quoted and reported speech in text, in any quotation style and language.

Direct speech is what quotation marks enclose (“ ” " « » „ “ ‹ › ‘ ’), including a quote
that runs over paragraphs (each continued paragraph reopens the quote) and a quote
interrupted by its attribution (“…,” he said, “…”). Reported speech hangs on a cue from
langdata `speech_verbs`: "X said (that) CONTENT", "CONTENT, X said", "According to X,
CONTENT", and the verb-first order of Arabic ("وقال X إن CONTENT"). This module finds
spans only; who spoke is decided by the `quotes` stage from the document's mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from crosswire.langdata import lowered, word_pattern, words
from crosswire.text.normalize import paragraph_spans
from crosswire.text.sentences import sentence_spans

OPENERS = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"', "‘": "’", "‚": "‘"}
# A single-quoted stretch must look like speech, not an apostrophe: this many words.
SINGLE_QUOTE_MIN_WORDS = 3
# Direct quotes shorter than this are fragments (scare quotes, titles) unless a cue says
# otherwise; inside reported speech they make it "mixed".
FRAGMENT_WORDS = 4


@dataclass
class Found:
    """A quote's content (one or more parts), its kind and its cue, before attribution."""

    parts: list[tuple[int, int]]
    kind: str                               # direct | indirect | mixed
    cue: tuple[int, int] | None = None
    side: str | None = None                 # where the speaker is relative to the cue: before | after
    method: str = ""
    fragments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def _closing(text: str, opener: str, start: int, end: int) -> int | None:
    close = OPENERS[opener]
    for i in range(start, end):
        if text[i] == close and (opener not in "‘‚" or i + 1 == len(text) or not text[i + 1].isalpha()):
            return i
    return None


def _strip_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def direct_quotes(text: str) -> list[tuple[list[tuple[int, int]], bool]]:
    """Quoted stretches as content parts (marks excluded); the flag says whether a
    paragraph boundary was crossed (the English convention: an unclosed paragraph, and the
    next one reopening the quote)."""
    paragraphs = paragraph_spans(text)
    found: list[tuple[list[tuple[int, int]], bool]] = []
    p = 0
    while p < len(paragraphs):
        p_start, p_end = paragraphs[p]
        i = p_start
        crossed = False
        while i < p_end:
            ch = text[i]
            opens = ch in OPENERS and (i == p_start or not text[i - 1].isalnum() or ch in "«„“")
            if not opens:
                i += 1
                continue
            close = _closing(text, ch, i + 1, p_end)
            parts = []
            q = p
            while close is None and q + 1 < len(paragraphs) and text[paragraphs[q + 1][0]] == ch:
                parts.append((i + 1, paragraphs[q][1]))
                q += 1
                i = paragraphs[q][0]
                close = _closing(text, ch, i + 1, paragraphs[q][1])
                crossed = True
            if close is None:
                i += 1
                continue
            parts.append((i + 1, close))
            parts = [_strip_spaces(text, a, b) for a, b in parts]
            content = " ".join(text[a:b] for a, b in parts)
            if ch not in "‘‚" or len(content.split()) >= SINGLE_QUOTE_MIN_WORDS:
                found.append(([(a, b) for a, b in parts if b > a], crossed))
            if q != p:
                p, p_end = q, paragraphs[q][1]
            i = close + 1
        p += 1
    return [f for f in found if f[0]]


@lru_cache(maxsize=1)
def cues() -> re.Pattern[str]:
    return word_pattern("speech_verbs", joiner=r"\s+")


def according_to(cue: str) -> bool:
    """A cue that names a source without a verb of speaking; another cue in the sentence wins."""
    return " ".join(cue.lower().split()) in lowered("according_to")


@lru_cache(maxsize=1)
def _complementizer() -> re.Pattern[str]:
    comps = sorted(words("complementizers"), key=len, reverse=True)
    return re.compile(r"\s*(?:,\s*)?[«“\"]?\s*(?:" + "|".join(re.escape(c) for c in comps) + r")(?:\s+|(?<=')|(?<=’))",
                      re.IGNORECASE)


def is_cue(text: str, match: re.Match[str]) -> bool:
    """A capitalized cue inside a sentence is a name ("United States"), not a verb."""
    if not match.group()[0].isupper():
        return True
    return not text[max(0, match.start() - 3):match.start()].strip(" “\"«'") or text[:match.start()].rstrip()[-1:] in ".!?\n"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,:;—–-\n":
        start += 1
    while end > start and text[end - 1] in " ,;:—–-\n":
        end -= 1
    return start, end


def _named_before(sentence: str, position: int) -> bool:
    """A later verb owns "that" only when someone is named right before it ("X said Y told
    Z that…"), not when it is a word of the content ("said the protests demand that…")."""
    words = sentence[:position].split()[-3:]
    return any(w[:1].isupper() for w in words) or bool(word_pattern("speaker_pronouns").search(" ".join(words)))


def reported_speech(text: str) -> list[Found]:
    """Cue-anchored content per sentence: what follows "X said (that)", what precedes ",
    X said", what follows "According to X,"."""
    found = []
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        found_cues = [c for c in cues().finditer(sentence) if is_cue(sentence, c)]
        verbs = [c for c in found_cues if not according_to(c.group())]
        for cue in verbs or found_cues:
            c_start, c_end = s_start + cue.start(), s_start + cue.end()
            before, after = text[s_start:c_start], text[c_end:s_end]
            if according_to(cue.group()):
                comma = re.search(r"[,،]", after)
                if comma and s_end - (c_end + comma.end()) > 10:
                    found.append(Found([_strip(text, c_end + comma.end(), s_end)], "indirect", (c_start, c_end), "after",
                                       "cue:according_to"))
                elif before.strip():
                    found.append(Found([_strip(text, s_start, c_start)], "indirect", (c_start, c_end), "after", "cue:according_to"))
                continue
            comp = _complementizer().search(after)
            comma = max(before.rfind(","), before.rfind("،"))
            speaker_words = len(before[comma + 1:].split()) if comma >= 0 else 99
            closer = [c for c in verbs if cue.end() <= c.start() and s_start + c.end() <= c_end + comp.start()
                      and _named_before(sentence, c.start())] if comp else []
            if comp and comp.start() <= 60 and closer:
                continue                                   # a later verb is the one "that" belongs to
            if comp and comp.start() <= 60:
                content = _strip(text, c_end + comp.end(), s_end)
                side = "before" if before.strip() and comp.start() <= 1 else "after"
                found.append(Found([content], "indirect", (c_start, c_end), side, "cue:complementizer"))
            elif comma >= 0 and speaker_words <= 8 and len(before[:comma].split()) >= 4 and len(after.split()) <= 8:
                # "CONTENT, X said." / "CONTENT, said X." / "CONTENT, he added."
                found.append(Found([_strip(text, s_start, s_start + comma)], "indirect", (c_start, c_end), "after",
                                   "cue:postposed"))
            elif re.match(r"\s*[:：]", after) and s_end - c_end > 10:
                found.append(Found([_strip(text, c_end, s_end)], "indirect", (c_start, c_end), "before", "cue:colon"))
            elif before.strip() and len(after.split()) >= 5 and not re.match(r"\s*[,.;!?)]", after):
                found.append(Found([_strip(text, c_end, s_end)], "indirect", (c_start, c_end), "before", "cue:bare"))
            else:
                continue
            break
    return [f for f in found if f.end - f.start > 5]


def headline_quote(text: str) -> Found | None:
    """A first line of the form "Speaker: statement" (short speaker, longer statement)."""
    first = paragraph_spans(text)[:1]
    if not first:
        return None
    start, end = first[0]
    match = re.match(r"([^:：\n]{3,60})[:：]\s+(.{10,})", text[start:end])
    if not match or len(match.group(1).split()) > 6:
        return None
    return Found([_strip(text, start + match.start(2), end)], "direct", None, "before", "headline",
                 fragments=[(start + match.start(1), start + match.end(1))])
