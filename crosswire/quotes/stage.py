"""Stage `quotes`: who said what — direct, indirect and mixed speech, attributed to the
speaker's entity, with the relay that carried it.

Spans come from crosswire/text/quotes.py. The speaker is the person (else organization)
mention nearest the cue outside the quoted words; a pronoun or a description ("the
official") is resolved to the last person named before it, and marked as such; a quote
with no cue continues the previous quote's speaker when it follows it directly. Nothing
is guessed silently: every attribution says how it was made and how sure it is.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from crosswire.columns import span
from crosswire.kb.resolve import pronoun_antecedent
from crosswire.langdata import word_pattern, word_set
from crosswire.langdata.letters import fold_word
from crosswire.stages.registry import stage
from crosswire.text.embed import embed, to_bytes
from crosswire.text.ner import LATIN_NAME
from crosswire.text.normalize import short_hash
from crosswire.text.quotes import (
    FRAGMENT_WORDS,
    Found,
    according_to,
    cues,
    direct_quotes,
    headline_quote,
    is_cue,
    reported_speech,
)
from crosswire.text.sentences import sentence_spans
from crosswire.text.syntax import Roles, parse_sentences, roles, sentence_subject

SPEAKERS = ("person", "organization")
_SIGNATURE = re.compile(LATIN_NAME)
# How far from its cue a speaker may be named (characters), and how far an attribution
# may sit from the quote it belongs to.
SPEAKER_WINDOW = 90
CUE_WINDOW = 70
# A direct quote with no cue continues the previous quote's speaker if it starts within
# this many characters of that quote's end (the next sentence or paragraph).
CONTINUATION = 400
# Sentences longer than this (characters) are not parsed: a cue's subject is near it.
MAX_PARSED = 600


@lru_cache(maxsize=1)
def _description() -> re.Pattern[str]:
    """Words that name a speaker without naming them: "the official", "a source", "sources"."""
    determiners = word_pattern("determiners").pattern
    nouns = word_pattern("speaker_nouns", after="").pattern
    return re.compile(rf"(?<!\w)(?:{determiners}\s+)?(?:[\w-]+\s+){{0,2}}{nouns}\b", re.IGNORECASE)


def _inside(a: int, b: int, parts: list[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in parts)


def _cue_near(text: str, found: Found, p_start: int, p_end: int) -> None:
    """A direct quote's cue: a verb of speaking just after it (“…,” he said) or before it in
    its sentence (X said: “…”); "according to" only when no verb is there."""
    def usable(matches: list[re.Match[str]]) -> list[re.Match[str]]:
        kept = [m for m in matches if not _inside(m.start(), m.end(), found.parts) and is_cue(text, m)]
        return [m for m in kept if not according_to(m.group())] or kept
    after = usable(list(cues().finditer(text, found.end, min(p_end, found.end + CUE_WINDOW))))
    sentence_start = max(p_start, text.rfind(". ", p_start, found.start) + 1)
    before = usable(list(cues().finditer(text, sentence_start, found.start)))
    if after and (not before or not according_to(after[0].group())):
        found.cue = (after[0].start(), after[0].end())
    elif before:
        found.cue = (before[-1].start(), before[-1].end())
    elif text[p_start:found.start].strip(" \"“«'‘") == "" and text[:p_start].rstrip().endswith((":", "：")):
        # "Caddell continued:" ends the paragraph before: its cue introduces this quote
        lead_end = len(text[:p_start].rstrip())
        lead_start = max(text.rfind("\n", 0, lead_end) + 1, text.rfind(". ", 0, lead_end) + 2)
        lead = usable(list(cues().finditer(text, lead_start, lead_end)))
        if lead:
            found.cue = (lead[-1].start(), lead[-1].end())


# A transcript turn's speaker label: "HOST:", "Q:", "Layla Mansour:".
_TURN = re.compile(r"(?:[A-Z][A-Z.'’ -]{0,30}[A-Z.]|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}):\s+")


def _turns(text: str, found: Found) -> list[Found]:
    """A quoted transcript ("HOST: … / GUEST: …") is one statement per labelled turn,
    each signed by its label; paragraphs without a label continue the turn before."""
    turns: list[Found] = []
    for start, end in found.parts:
        label = _TURN.match(text, start, end)
        if label and end - label.end() > 0:
            turns.append(Found([(label.end(), end)], "direct", method="transcript",
                               fragments=[(start, start + len(label.group().rstrip()) - 1)]))
        elif turns:
            turns[-1].parts.append((start, end))
        else:
            turns.append(Found([(start, end)], found.kind, found.cue, found.side, found.method))
    return turns if any(t.method == "transcript" for t in turns) else [found]


def _labelled(text: str, label: tuple[int, int], mentions: list[dict], how: str) -> dict[str, Any]:
    """The speaker a label names ("Sheikh Omar Haddad: …", "GUEST: …"): its person or
    organization, or its words with no entity."""
    named = [m for m in mentions if label[0] <= m["start"] and m["end"] <= label[1] and m["kind"] in SPEAKERS]
    if named:
        return {"entity_id": named[0]["entity_id"], "start": named[0]["start"], "end": named[0]["end"], "how": how, "score": 0.8}
    return {"entity_id": None, "start": label[0], "end": label[1], "how": how, "score": 0.3}


def _join_interrupted(text: str, quotes: list[Found]) -> list[Found]:
    """“First part,” he said, “second part.” is one quote in two parts."""
    joined: list[Found] = []
    for q in quotes:
        prev = joined[-1] if joined else None
        gap = text[prev.end:q.start] if prev else ""
        if prev and prev.cue and len(gap) <= CUE_WINDOW and "\n" not in gap and prev.cue[0] >= prev.end \
                and prev.cue[1] <= q.start:
            prev.parts += q.parts
            continue
        joined.append(q)
    return joined


def _speaker(text: str, found: Found, mentions: list[dict], clause: tuple[int, int], far: bool = False) -> dict[str, Any] | None:
    """The cue's subject: a pronoun or person right before it ("he said", "Al-Rawi
    adds"), a person right after it ("said Al-Rawi", "وقال الراوي"), the head of an
    apposition ("X, secretary-general of Y, said"); with `far`, the nearest person in
    the sentence (asked only after pronouns and plain subjects have had their turn)."""
    if found.cue is None:
        return None
    c_start, c_end = found.cue
    outside = [m for m in mentions if m["kind"] in SPEAKERS and clause[0] <= m["start"] and m["end"] <= clause[1]
               and not _inside(m["start"], m["end"], found.parts) and not (m["start"] < c_end and c_start < m["end"])]
    before = [m for m in outside if m["end"] <= c_start and not any(a < c_start and m["end"] < b for a, b in found.parts)]
    after = [m for m in outside if m["start"] >= c_end]
    if according_to(text[c_start:c_end]):
        named = [m for m in after if m["start"] - c_end <= 5]        # "according to X": X is the source
        return ({"entity_id": named[0]["entity_id"], "start": named[0]["start"], "end": named[0]["end"], "how": "named",
                 "score": 0.8} if named else None)
    pronoun = word_pattern("speaker_pronouns").search(text, max(clause[0], c_start - 12), c_start)
    persons_before = [m for m in before if m["kind"] == "person"]
    if pronoun and not _inside(pronoun.start(), pronoun.end(), found.parts) and \
            not (persons_before and persons_before[-1]["end"] > pronoun.start()):
        return None                                   # the pronoun speaks: `_indirect_speaker` resolves it
    choice = None
    if persons_before and c_start - persons_before[-1]["end"] <= 12:
        choice = persons_before[-1]
    elif after and after[0]["kind"] == "person" and after[0]["start"] - c_end <= 5:
        choice = after[0]
    elif persons_before and text[persons_before[0]["end"]:persons_before[0]["end"] + 2].startswith((",", "،")):
        choice = persons_before[0]
    elif not persons_before and (between := [m for m in after if m["kind"] == "person" and m["end"] <= found.start]):
        choice = between[0]                           # verb first: "وقال الأمين العام لحركة الفجر سمير الراوي إن …"
    elif before and c_start - before[-1]["end"] <= 12:
        choice = before[-1]
    elif persons_before and word_pattern("conjunctions", after=r"\s*$").search(text, persons_before[0]["end"], c_start):
        choice = persons_before[0]                    # "X arrived … and said": the sentence's subject
    elif after and after[0]["start"] - c_end <= 5:
        choice = after[0]
    elif far and persons_before and c_start - persons_before[-1]["end"] <= SPEAKER_WINDOW:
        choice = persons_before[-1]                   # only once no nearer subject was found
    if choice is None:
        return None
    return {"entity_id": choice["entity_id"], "start": choice["start"], "end": choice["end"], "how": "named",
            "score": 0.9 if choice["entity_id"] else 0.6}


def _indirect_speaker(text: str, found: Found, mentions: list[dict], clause: tuple[int, int]) -> dict[str, Any] | None:
    """A pronoun or a description beside the cue, resolved to the subject of its sentence or
    of the last sentence naming a person."""
    if found.cue is None:
        return None
    c_start, c_end = found.cue
    lo, hi = max(clause[0], c_start - 40), min(clause[1], c_end + 40)
    for pattern, how in ((word_pattern("speaker_pronouns"), "pronoun"), (_description(), "description")):
        for m in pattern.finditer(text, lo, hi):
            if _inside(m.start(), m.end(), found.parts):
                continue
            antecedent = pronoun_antecedent(text, mentions, m.start())
            if antecedent:
                return {"entity_id": antecedent["entity_id"], "start": m.start(), "end": m.end(), "how": how,
                        "antecedent": [antecedent["start"], antecedent["end"]], "score": 0.6 if how == "pronoun" else 0.4}
            return {"entity_id": None, "start": m.start(), "end": m.end(), "how": how, "score": 0.2}
    return None


def _parsed_subject(text: str, found: Found, mentions: list[dict], parsed: dict[tuple[int, int], Any],
                    sentence_clause: tuple[int, int]) -> dict[str, Any] | None:
    """The cue verb's grammatical subject from the dependency parse, where a packaged model
    parses the language: a pronoun resolves to the last person named, a name to its entity.
    A passive cue ("X was accused of …") is about its subject: its agent ("by Y") speaks,
    and without one the statement stays unattributed, saying why. A cue that is a noun
    speaks for its owner ("the minister's claim that …", "the claim he made")."""
    if found.cue is None or according_to(text[found.cue[0]:found.cue[1]]):
        return None
    clause = _cue_roles(found, parsed)
    if clause is not None and clause.nominal and clause.noun_subject:   # "the minister's claim that …": its owner
        span = clause.noun_subject
    elif clause is not None and clause.passive and clause.agent is None:
        return {"entity_id": None, "start": None, "end": None, "how": "passive", "score": 0.0}
    else:
        span = clause and (clause.agent or clause.subject)         # "troops sent in by the governor"
    if span is not None and span[0] < found.cue[0] < span[1]:     # the parse took the cue for part of its subject
        span = (span[0], len(text[:found.cue[0]].rstrip()))          # ("A group pledges readiness"): the words before it
    if span is None or _inside(span[0], span[1], found.parts) or span[0] >= found.cue[0] and span[0] < found.cue[1]:
        return None
    if fold_word(text[span[0]:span[1]]) in word_set("relative_pronouns"):
        named = _speaker(text, found, mentions, sentence_clause)         # "Haddad, who said": the name it hangs on
        return named and {**named, "start": span[0], "end": span[1], "how": "relative",
                          "antecedent": [named["start"], named["end"]]}
    if word_pattern("speaker_pronouns").fullmatch(text[span[0]:span[1]]):
        return _indirect_speaker(text, found, mentions, (span[0], span[1] + (found.cue[1] - span[1])))
    inside = [m for m in mentions if m["start"] < span[1] and span[0] < m["end"] and m["kind"] in SPEAKERS]
    named = ([m for m in inside if m["kind"] == "person"] or inside)[:1]
    if named:
        start, end = min(span[0], named[0]["start"]), max(span[1], named[0]["end"])
        return {"entity_id": named[0]["entity_id"], "start": start, "end": end, "how": "subject",
                "score": 0.9 if named[0]["entity_id"] else 0.6}
    return {"entity_id": None, "start": span[0], "end": span[1], "how": "subject", "score": 0.3}


def _cue_roles(found: Found, parsed: dict[tuple[int, int], Any]) -> Roles | None:
    """The roles around the cue, where its sentence was parsed."""
    sentence = next((span for span in parsed if found.cue and span[0] <= found.cue[0] < span[1]), None)
    return roles(parsed[sentence], sentence[0], found.cue[0], frozenset()) if sentence and found.cue else None


# What ends the words of a bare subject: clause punctuation and quotation marks.
_CLAUSE_BREAK = re.compile(r"''|[,;:—–()\"“”«»]")


def _bare_subject(text: str, found: Found, clause: tuple[int, int], parsed: dict[tuple[int, int], Any]) -> dict[str, Any] | None:
    """No name, pronoun or known description by the cue: the words that are its subject
    ("many Democrats said", "said the report"), kept as text with no entity, low score.
    A cue the parse reads as a noun ("early reports of the blast") has no such words."""
    if found.cue is None:
        return None
    c_start, c_end = found.cue
    if (cue_roles := _cue_roles(found, parsed)) and cue_roles.nominal:
        return None
    left = max([clause[0], *(b for a, b in found.parts if b <= c_start)])
    chunk = _CLAUSE_BREAK.split(text[left:c_start])[-1]
    subject = "" if according_to(text[c_start:c_end]) else chunk.strip()
    if not 0 < len(subject.split()) <= 8:
        right_end = min(clause[1], *(a for a, b in found.parts if a >= c_end), c_end + 60)
        subject = re.split(rf"\.|{_CLAUSE_BREAK.pattern}", text[c_end:right_end])[0].strip()
        according = according_to(text[c_start:c_end])
        if not 0 < len(subject.split()) <= (12 if according else 6) or not (subject[:1].isupper() or according):
            return None
        start = text.index(subject, c_end)
    else:
        start = text.rindex(subject, left, c_start)
    return {"entity_id": None, "start": start, "end": start + len(subject), "how": "subject", "score": 0.2}


def _via(text: str, clause: tuple[int, int], found: Found, speaker: dict | None, mentions: list[dict]) -> dict | None:
    """"according to Radio Meridian", "selon X", "نقلا عن X": who carried the statement."""
    for m in word_pattern("relay_cues", joiner=r"\s+", after=r"\s*(?:لـ\s*)?").finditer(text, *clause):
        if _inside(m.start(), m.end(), found.parts):
            continue
        after = [x for x in mentions if x["start"] >= m.end() and x["start"] - m.end() <= 5 and x["kind"] in SPEAKERS]
        if after and (speaker is None or after[0]["start"] != speaker["start"]):
            return {"entity_id": after[0]["entity_id"], "start": after[0]["start"], "end": after[0]["end"]}
    return None


def _dashed(text: str, found: Found, mentions: list[dict]) -> dict[str, Any] | None:
    """A quote signed with a dash after it: “…” ― Sonya Herridge (a name the detectors
    missed is kept as its words, with no entity)."""
    sign = re.compile(r"[\s”\"»’']*[―—–-]\s*").match(text, found.end)
    if not sign:
        return None
    named = [m for m in mentions if m["start"] == sign.end() and m["kind"] in SPEAKERS]
    if named:
        return {"entity_id": named[0]["entity_id"], "start": named[0]["start"], "end": named[0]["end"], "how": "signed",
                "score": 0.7}
    words = _SIGNATURE.match(text, sign.end())
    return {"entity_id": None, "start": words.start(), "end": words.end(), "how": "signed", "score": 0.4} if words else None


def _sentence_subject(text: str, found: Found, mentions: list[dict], parsed: dict[tuple[int, int], Any]) -> dict[str, Any] | None:
    """A quote with no verb of speaking ("Trump attacked “the hateful ideology…”"): the
    sentence's subject, when a person or organization outside the quote is named there."""
    sentence = next((span for span in parsed if span[0] <= found.start < span[1]), None)
    subject = sentence_subject(parsed[sentence], sentence[0]) if sentence else None
    if subject is None or _inside(subject[0], subject[1], found.parts):
        return None
    named = [m for m in mentions if subject[0] <= m["start"] and m["end"] <= subject[1] and m["kind"] in SPEAKERS
             and not _inside(m["start"], m["end"], found.parts)]
    named = [m for m in named if m["kind"] == "person"] or named
    return ({"entity_id": named[0]["entity_id"], "start": named[0]["start"], "end": named[0]["end"], "how": "sentence subject",
             "score": 0.4} if named else None)


def _overlap(a: Found, b: Found) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _kind(found: Found, direct: list[Found]) -> Found:
    inner = [d for d in direct if found.start <= d.start and d.end <= found.end]
    if inner:
        found.kind, found.fragments = "mixed", [p for d in inner for p in d.parts]
    return found


def _direct(text: str) -> list[Found]:
    """Step 1: quotation marks, split into turns, each with the cue nearest in its paragraph;
    a quote interrupted by its cue ("«…», a-t-il dit, «…»") is one."""
    direct = []
    for parts, _ in direct_quotes(text):
        for found in _turns(text, Found(parts, "direct", method="marks")):
            p_start = text.rfind("\n", 0, found.start) + 1
            p_end = text.find("\n", found.end)
            if found.method == "marks":
                _cue_near(text, found, p_start, len(text) if p_end < 0 else p_end)
            direct.append(found)
    return _join_interrupted(text, direct)


def _statements(text: str, direct: list[Found]) -> list[Found]:
    """Step 2: one statement per utterance. Reported speech that is a direct quote lends it
    its cue; reported speech around quoted words is mixed; a quoted headline counts too."""
    reported = []
    for r in reported_speech(text):
        same = [d for d in direct if _overlap(r, d) >= 0.5 * (r.end - r.start) or _overlap(r, d) >= 0.8 * (d.end - d.start)
                and (d.end - d.start) >= 0.8 * (r.end - r.start)]
        for d in same:
            d.cue = d.cue or r.cue             # the direct quote is the statement; the cue attributes it
        if not same:
            reported.append(_kind(r, direct))
    covered = [d for d in direct if any(r.start <= d.start and d.end <= r.end for r in reported)]
    results = [d for d in direct if d not in covered] + reported
    if (headline := headline_quote(text)) and not any(r.start < headline.end and headline.start < r.end for r in results):
        results.append(headline)
    return sorted(results, key=lambda f: f.start)


def _parsed(text: str, lang: str | None, found: list[Found], sentences: list[tuple[int, int]]) -> dict:
    """Step 3: parse the sentences that hold a cue (or an uncued statement), not the others."""
    wanted = sorted({next((a, b) for a, b in sentences if a <= f.cue[0] < b) for f in found
                     if f.cue and any(a <= f.cue[0] < b for a, b in sentences)}
                    | {(a, b) for f in found if not f.cue for a, b in sentences if a <= f.start < b})
    return parse_sentences(text, [s for s in wanted if s[1] - s[0] <= MAX_PARSED], lang)


def _attributed(text: str, found: Found, mentions: list[dict], parsed: dict, clause: tuple[int, int],
                previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """Step 4: who speaks, nearest evidence first: the parse's subject of the cue, a name
    beside it, a pronoun's antecedent, the bare subject, a person further off; for a direct
    quote, a dash or the sentence's subject, else the speaker of the quote just before."""
    if found.method in ("headline", "transcript"):
        speaker = _labelled(text, found.fragments[0], mentions, found.method)
        found.fragments = []
    else:
        speaker = (_parsed_subject(text, found, mentions, parsed, clause)
                   or _speaker(text, found, mentions, clause) or _indirect_speaker(text, found, mentions, clause)
                   or _bare_subject(text, found, clause, parsed) or _speaker(text, found, mentions, clause, far=True))
    if speaker is None and found.kind == "direct":
        speaker = _dashed(text, found, mentions) or _sentence_subject(text, found, mentions, parsed)
    if speaker is None and found.kind == "direct" and previous and previous["speaker_entity_id"] \
            and 0 <= found.start - previous["end"] <= CONTINUATION:
        speaker = {"entity_id": previous["speaker_entity_id"], "start": previous["speaker_start"],
                   "end": previous["speaker_end"], "how": "continuation", "score": 0.5}
    return speaker


def _record(doc_id: str, found: Found, speaker: dict[str, Any] | None, via: dict[str, Any] | None) -> dict[str, Any]:
    """Step 5: the quote as the stage stores it."""
    return {
        "id": short_hash(f"{doc_id}:{found.start}:{found.end}"), "start": found.start, "end": found.end,
        "kind": found.kind, "parts": [span(p) for p in found.parts],
        "speaker_entity_id": speaker["entity_id"] if speaker else None,
        "speaker_start": speaker["start"] if speaker else None, "speaker_end": speaker["end"] if speaker else None,
        "cue_start": found.cue[0] if found.cue else None, "cue_end": found.cue[1] if found.cue else None,
        "via": via["entity_id"] if via else None, "via_start": via["start"] if via else None,
        "via_end": via["end"] if via else None, "score": speaker["score"] if speaker else 0.0,
        "method": found.method,
        "evidence": {"speaker": speaker["how"] if speaker else "unattributed",
                     "antecedent": span(speaker.get("antecedent")) if speaker else None,
                     "fragments": [span(f) for f in found.fragments] or None},
    }


def _scare_quote(text: str, found: Found) -> bool:
    """A few words in quotation marks: a scare quote, a name or a title, not speech."""
    return found.kind == "direct" and found.method == "marks" and \
        sum(len(text[a:b].split()) for a, b in found.parts) < FRAGMENT_WORDS


@stage("quotes", version=3, requires=("text", "lang", "mentions"), assigns=("quotes",))
def quotes(row: dict[str, Any]) -> dict[str, Any]:
    """Direct, indirect and mixed speech with speaker, cue and relay: the steps above, in turn."""
    text = row["text"] or ""
    mentions = sorted(row["mentions"] or [], key=lambda m: m["start"])
    sentences = sentence_spans(text)
    statements = _statements(text, _direct(text))
    parsed = _parsed(text, row["lang"], statements, sentences)
    out, previous = [], None
    for found in statements:
        clause = next(((a, b) for a, b in sentences if a <= (found.cue or (found.start,))[0] < b), (found.start, found.end))
        clause = (min(clause[0], found.start), max(clause[1], found.end))
        if _scare_quote(text, found):
            continue
        speaker = _attributed(text, found, mentions, parsed, clause, previous)
        previous = _record(row["doc_id"], found, speaker, _via(text, clause, found, speaker, mentions))
        out.append(previous)
    vectors = embed([" ".join(text[p["start"]:p["end"]] for p in q["parts"]) for q in out])
    return {"quotes": [{**q, "vector": to_bytes(v)} for q, v in zip(out, vectors, strict=True)]}
