"""Find quoted and reported speech in text, in any quotation style and language.

Direct speech is what quotation marks enclose (“ ” " « » „ “ ‹ › ‘ ’, and the doubled
apostrophes '' … '' of typewritten and archive text), including a quote
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

from crosswire.langdata import longest_first, word_pattern, word_set, words
from crosswire.langdata.letters import fold_word
from crosswire.text.normalize import paragraph_spans
from crosswire.text.sentences import sentence_spans

OPENERS = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"', "‘": "’", "‚": "‘", "''": "''"}
# Marks that are also apostrophes: they close only where no letter follows.
_APOSTROPHES = ("‘", "‚", "''")
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
    for i in range(start, end - len(close) + 1):
        after = i + len(close)
        if text.startswith(close, i) and (opener not in _APOSTROPHES or after == len(text) or not text[after].isalpha()):
            return i
    return None


def _opener(text: str, i: int) -> str:
    return "''" if text.startswith("''", i) else text[i]


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
            ch = _opener(text, i)
            opens = ch in OPENERS and (i == p_start or not text[i - 1].isalnum() or ch in "«„“")
            if not opens:
                i += 1
                continue
            close = _closing(text, ch, i + len(ch), p_end)
            parts = []
            q = p
            while close is None and q + 1 < len(paragraphs) and text.startswith(ch, paragraphs[q + 1][0]):
                parts.append((i + len(ch), paragraphs[q][1]))
                q += 1
                i = paragraphs[q][0]
                close = _closing(text, ch, i + len(ch), paragraphs[q][1])
                crossed = True
            if close is None:
                i += 1
                continue
            parts.append((i + len(ch), close))
            parts = [_strip_spaces(text, a, b) for a, b in parts]
            content = " ".join(text[a:b] for a, b in parts)
            if ch not in _APOSTROPHES or len(content.split()) >= SINGLE_QUOTE_MIN_WORDS:
                found.append(([(a, b) for a, b in parts if b > a], crossed))
            if q != p:
                p, p_end = q, paragraphs[q][1]
            i = close + len(OPENERS[ch])
        p += 1
    return [f for f in found if f[0]]


@lru_cache(maxsize=1)
def cues() -> re.Pattern[str]:
    return word_pattern("speech_verbs", joiner=r"\s+")


def according_to(cue: str) -> bool:
    """A cue that names a source without a verb of speaking; another cue in the sentence wins."""
    return " ".join(fold_word(cue).split()) in word_set("according_to")


@lru_cache(maxsize=1)
def _complementizer() -> re.Pattern[str]:
    comps = longest_first(words("complementizers"))
    return re.compile(r"\s*(?:,\s*)?[«“\"]?\s*(?:" + "|".join(re.escape(c) for c in comps) + r")(?:\s+|(?<=')|(?<=’))",
                      re.IGNORECASE)


def is_cue(text: str, match: re.Match[str]) -> bool:
    """A capitalized cue inside a sentence is a name ("United States"), not a verb, unless
    the sentence capitalizes its words as a headline does ("County Says Trump Should Win")."""
    if not match.group()[0].isupper():
        return True
    opening = not text[max(0, match.start() - 3):match.start()].strip(" “\"«'")
    return opening or text[:match.start()].rstrip()[-1:] in ".!?\n" or _title_case(text)


# A headline in title case: at least this share of its words of four letters or more start with a capital.
TITLE_CASE_SHARE = 0.8


def _title_case(sentence: str) -> bool:
    words = re.findall(r"[^\W\d_]{4,}", sentence)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


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


@lru_cache(maxsize=1)
def _second_subject() -> re.Pattern[str]:
    """The end of a clause break followed by a speaker: ", but he", "; Smith", ", though she also"."""
    joiners = word_pattern("clause_joiners", joiner=r"\s+").pattern
    pronouns = word_pattern("speaker_pronouns", joiner=r"\s+").pattern
    return re.compile(r"[,;—–]\s*(?:" + joiners + r"\s+)?(?:" + pronouns + r"|[\w.'’-]+(?:\s+[\w.'’-]+){0,5})"
                      r"(?:\s+\w+ly|\s+also|\s+later)?\s+$")


def _has_content(after: str) -> bool:
    """Whether a cue introduces content: "that…", or at least five words of it."""
    comp = _complementizer().match(after)
    return bool(comp) or (len(after.split()) >= 5 and not re.match(r"\s*[,.;!?)]", after))


def _second_attribution(sentence: str, verbs: list[re.Match[str]], content_start: int) -> int | None:
    """Where content that began at `content_start` ends because a second speaker takes over
    in the same sentence ("X said A, but he noted that B"): the offset of the clause break."""
    for verb in verbs:
        if verb.start() <= content_start + 10:
            continue
        joint = _second_subject().search(sentence, content_start, verb.start())
        if joint and _has_content(sentence[verb.end():]):
            return joint.start()
    return None


def _clause_end(sentence: str, after: int, s_start: int, s_end: int) -> int:
    """Reported content runs to the sentence's end, or to a semicolon, where the writer
    goes on in their own voice ("…would not withdraw; the talks resume next week…")."""
    stop = sentence.find(";", after)
    return s_start + stop if stop >= 0 else s_end


def _closing_attribution(sentence: str, cues: list[re.Match[str]]) -> int | None:
    """Where a sentence's closing attribution begins (", officials in the province said.",
    ", according to the port authority."), when earlier verbs report speech inside it
    ("The militia has said it …, officials said.")."""
    if len(cues) < 2:
        return None
    cue, after = cues[-1], sentence[cues[-1].end():]
    comma = max(sentence.rfind(",", 0, cue.start()), sentence.rfind("،", 0, cue.start()))
    if comma < 0 or cues[-2].start() > comma or len(sentence[:comma].split()) < 4:
        return None
    speaker = sentence[comma + 1:cue.start()]
    if according_to(cue.group()):
        return comma if not speaker.strip() and len(after.split()) <= 12 else None
    if len(after.split()) > 4 or _has_content(after) or word_pattern("clause_joiners").match(speaker.strip()) \
            or len(speaker.split()) > 8 or not (speaker.strip() or after.strip()[:1].isupper()):
        return None                           # ", but he said it would wait": a second speaker; ", said before…": no speaker
    return comma


@lru_cache(maxsize=1)
def _clause_starts() -> frozenset[str]:
    """Words that open a clause of its own: joiners, openers, conjunctions, relative pronouns."""
    return frozenset(w for key in ("clause_joiners", "clause_openers", "conjunctions", "relative_pronouns") for w in word_set(key))


def _parenthetical(before: str, comma: int, after: str) -> int | None:
    """Where the second half of a clause resumes after an attribution set inside it
    ("This campaign, he says, is different": the offset of "is" in `after`), or None: a
    short speaker between commas, the clause begun before it, and after the cue (and up
    to three words, "Friday") a comma, then the clause going on in lower case, not a new
    clause of the writer's (", as talks resumed", ", who…")."""
    speaker = [w for w in before[comma + 1:].split() if any(c.isalpha() for c in w)] if comma >= 0 else []
    resumed = re.match(r"(?:\s*[^\s,]+){0,3}\s*,\s*(?=\w)", after)
    if not (1 <= len(speaker) <= 6 and before[:comma].strip() and resumed):
        return None
    rest = after[resumed.end():]
    if len(rest.split()) < 2 or not rest[:1].islower() or rest.split(maxsplit=1)[0].casefold() in _clause_starts() \
            or word_pattern("relative_pronouns").match(" ".join(speaker)):
        return None
    return resumed.end()


def reported_speech(text: str) -> list[Found]:
    """Cue-anchored content per sentence: what follows "X said (that)", what precedes ",
    X said", what follows "According to X,". A second speaker in the sentence ("…, but he
    noted that…") ends the first content and starts its own; a closing ", X said." reports
    the whole sentence, speech it reports included."""
    found = []
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        found_cues = [c for c in cues().finditer(sentence) if is_cue(sentence, c)]
        verbs = [c for c in found_cues if not according_to(c.group())]
        closing = _closing_attribution(sentence, found_cues)
        if closing is not None:
            outer = found_cues.pop()
            verbs = [c for c in found_cues if not according_to(c.group())]
            found.append(Found([_strip(text, s_start, s_start + closing)], "indirect",
                               (s_start + outer.start(), s_start + outer.end()), "after",
                               "cue:according_to" if according_to(outer.group()) else "cue:postposed"))
            sentence, s_end = sentence[:closing], s_start + closing
        taken = 0
        for cue in verbs or found_cues:
            if cue.start() < taken:
                continue
            c_start, c_end = s_start + cue.start(), s_start + cue.end()
            before, after = text[s_start + taken:c_start], text[c_end:s_end]
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
                if before.strip():                         # "He said the minister hopes that …": he reports her hope
                    found.append(Found([_strip(text, c_end, _clause_end(sentence, cue.end(), s_start, s_end))], "indirect",
                                       (c_start, c_end), "before", "cue:bare"))
                continue                                   # a later verb is the one "that" belongs to
            if comp and comp.start() <= 60:
                content = _strip(text, c_end + comp.end(), _clause_end(sentence, cue.end(), s_start, s_end))
                side = "before" if before.strip() and comp.start() <= 1 else "after"
                found.append(Found([content], "indirect", (c_start, c_end), side, "cue:complementizer"))
            elif (inside := _parenthetical(before, comma, after)) is not None:
                # "CONTENT, X said, CONTENT." / "CONTENT, he says Friday, CONTENT.": the clause either side
                resumed = _clause_end(sentence, cue.end() + inside, s_start, s_end)
                found.append(Found([_strip(text, s_start + taken, s_start + taken + comma), _strip(text, c_end + inside, resumed)],
                                   "indirect", (c_start, c_end), "after", "cue:parenthetical"))
            elif comma >= 0 and speaker_words <= 8 and len(before[:comma].split()) >= 4 \
                    and (len(after.split()) <= 8 or re.match(r"(?:\s*[^\s,]+){0,3}\s*,", after)) \
                    and not word_pattern("relative_pronouns").match(before[comma + 1:].strip()):
                # "CONTENT, X said." / "CONTENT, said X." / "CONTENT, he added." / "CONTENT, X said Friday, as…"
                # (not "…, which he said were…")
                found.append(Found([_strip(text, s_start, s_start + comma)], "indirect", (c_start, c_end), "after",
                                   "cue:postposed"))
            elif re.match(r"\s*[:：]", after) and s_end - c_end > 10:
                found.append(Found([_strip(text, c_end, s_end)], "indirect", (c_start, c_end), "before", "cue:colon"))
            elif before.strip() and _has_content(after):       # "that" at the start was taken above
                found.append(Found([_strip(text, c_end, _clause_end(sentence, cue.end(), s_start, s_end))], "indirect",
                                   (c_start, c_end), "before", "cue:bare"))
            else:
                continue
            last = found[-1]
            later = [v for v in verbs if v.start() > cue.start()]      # a second speaker speaks after this cue
            split = _second_attribution(sentence, later, last.start - s_start) if last.end == _strip(text, s_start, s_end)[1] else None
            if split is None:
                break
            last.parts = [_strip(text, last.start, s_start + split)]
            taken = split
    return [f for f in found if f.end - f.start > 5]


def headline_quote(text: str) -> Found | None:
    """A first line of the form "Speaker: statement" (short speaker with no comma, longer
    statement; "Calm, then chaos: …" is a headline, not a speaker)."""
    first = paragraph_spans(text)[:1]
    if not first:
        return None
    start, end = first[0]
    match = re.match(r"([^:：\n,،]{3,60})[:：]\s+(.{10,})", text[start:end])
    if not match or len(match.group(1).split()) > 6:
        return None
    return Found([_strip(text, start + match.start(2), end)], "direct", None, "before", "headline",
                 fragments=[(start + match.start(1), start + match.end(1))])
