"""The marks of framing in one document's words, each with its span: how the outlet labels
actors, where it keeps its distance, which reporting verbs it picks, which loaded terms it
uses, and whose voices it quotes. Rules over the language profiles' lists
(crosswire/langdata: `actor_descriptors`, `actor_heads`, `label_modifiers`,
`modifier_suffixes`, `adjective_position`, `distance_markers`, `speech_verb_tones`,
`loaded_terms`); what a quoted speaker says is kept apart from the outlet's own voice by
the quote it sits in (`quote_id`).
"""
from __future__ import annotations

import re
from typing import Any

from crosswire.framing.lexicon import (
    Token,
    adjective_position,
    is_modifier,
    loaded_terms,
    tokenize,
    tones,
    word_list,
)
from crosswire.langdata import word_set
from crosswire.langdata.letters import fold_word
from crosswire.text.quotes import FRAGMENT_WORDS, OPENERS, direct_quotes

ACTORS = ("person", "organization")
# Most words a label takes on its modifier side.
MODIFIERS = 3
# How far after a distance phrase ("so-called") the words it marks may start (characters).
MARKED_WITHIN = 30
# Every quotation mark the quotes reader knows, as characters.
_QUOTE_MARKS = "".join(sorted({c for pair in OPENERS.items() for mark in pair for c in mark}))
_SPACES = re.compile(r"[\s" + re.escape(_QUOTE_MARKS) + "]*")


def voice_at(quotes: list[dict], start: int, end: int) -> tuple[str, str | None]:
    """Whose words a span is: `quoted` inside a direct quote or the quoted fragments of a mixed
    one (the speaker's own words), `reported` inside indirect speech (the outlet's paraphrase
    of a speaker), `outlet` elsewhere (`distanced` once a distance marker is found on it);
    with the quote's id."""
    def within(spans: list[dict] | None) -> bool:
        return any(p["start"] <= start and end <= p["end"] for p in spans or [])

    for q in quotes:
        parts = q["parts"] or [{"start": q["start"], "end": q["end"]}]
        if q["kind"] == "direct" and within(parts) or within((q["evidence"] or {}).get("fragments")):
            return "quoted", q["id"]
        if within(parts):
            return "reported", q["id"]
    return "outlet", None


def _in_direct(quotes: list[dict], start: int, end: int) -> bool:
    """Inside a direct quote: the quotation marks and words there are the speaker's."""
    return any(q["kind"] == "direct" and any(p["start"] <= start and end <= p["end"] for p in q["parts"] or [])
               for q in quotes)


def item(kind: str, start: int, end: int, value: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "start": start, "end": end, "value": value, "entity_id": fields.get("entity_id"),
            "quote_id": fields.get("quote_id"), "voice": fields.get("voice", "outlet"), "stance": fields.get("stance"),
            "about": fields.get("about"), "term": fields.get("term"), "score": fields.get("score")}


def names(tokens: list[Token], mentions: list[dict]) -> list[tuple[int, int]]:
    """Spans of actor names: a mention resolved to the knowledge base, or one whose words are
    not all descriptors and modifiers ("Iranian Militia Leaders", which a model may take for
    a name, is a label)."""
    descriptors, heads = word_list("actor_descriptors"), word_list("actor_heads")
    found = []
    for m in mentions:
        if m["kind"] not in ACTORS:
            continue
        inside = [i for i, t in enumerate(tokens) if m["start"] <= t.start and t.end <= m["end"]]
        if (m["entity_id"] or "local:").startswith("local:") and inside and all(
                descriptors.at(tokens, i) or heads.at(tokens, i) or is_modifier(tokens[i], None) for i in inside):
            continue
        found.append((m["start"], m["end"]))
    return found


def _gap(text: str, a: int, b: int) -> bool:
    """Only spaces and quotation marks between a and b."""
    return a <= b and _SPACES.fullmatch(text, a, b) is not None


def _actor_beside(text: str, tokens: list[Token], first: int, last: int, mentions: list[dict],
                  named: list[tuple[int, int]]) -> dict | None:
    """The person or organization a label stands with: written against it ("the Sahil
    resistance movement", "le mouvement « Sahil »"), after a complement preposition ("the
    armed group of X"), or in apposition ("X, the armed group")."""
    start, end = tokens[first].start, tokens[last - 1].end
    preps = word_set("noun_complement_preps") | word_set("determiners")
    possessor = re.match(r"['’]s?\b", text[end:end + 2]) is not None      # "the group’s office": not in apposition
    for m in mentions:
        if (m["start"], m["end"]) not in named:
            continue
        if _gap(text, m["end"], start) or _gap(text, end, m["start"]):
            return m
        between = text[end:m["start"]] if m["start"] >= end else text[m["end"]:start]
        words = between.strip().strip(",،").split()
        if not possessor and 0 < len(between) <= 25 and ("," in between or "،" in between) and len(words) <= 1 \
                and all(fold_word(w) in preps for w in words):
            return m
        if m["start"] >= end and 0 < len(words) <= 2 and len(between) <= 12 and \
                all(fold_word(w) in preps for w in words) and fold_word(words[0]) in word_set("noun_complement_preps"):
            return m
    return None


def labels(text: str, tokens: list[Token], lang: str | None, mentions: list[dict], named: list[tuple[int, int]],
           quotes: list[dict]) -> list[dict]:
    """Descriptor phrases naming actors ("Iranian-backed militia", "milices iraniennes",
    "المقاومة الإسلامية"): a descriptor noun, or a plainer head ("group", "forces") that a
    characterising modifier or a descriptor qualifies, with its modifiers; the actor it
    stands with, if any; the quote it sits in, if any. `named`: the actor names (`names`)."""
    descriptors, heads = word_list("actor_descriptors"), word_list("actor_heads")

    def in_name(t: Token) -> bool:
        return any(a <= t.start and t.end <= b for a, b in named)

    cores: list[list[int]] = []                 # [first, after last, descriptors in it]
    i = 0
    while i < len(tokens):
        hit = descriptors.at(tokens, i) or heads.at(tokens, i)
        if not hit or in_name(tokens[i]):
            i += 1
            continue
        strong = int(descriptors.at(tokens, i) is not None)
        if cores and cores[-1][1] == i and _gap(text, tokens[i - 1].end, tokens[i].start):
            cores[-1][1], cores[-1][2] = hit[0], cores[-1][2] + strong
        else:
            cores.append([i, hit[0], strong])
        i = hit[0]
    position = adjective_position(lang)
    found = []
    for first, last, strong in cores:
        modifiers = 0
        while position == "before" and first > 0 and modifiers < MODIFIERS and not in_name(tokens[first - 1]) \
                and is_modifier(tokens[first - 1], lang) and _gap(text, tokens[first - 1].end, tokens[first].start):
            first, modifiers = first - 1, modifiers + 1
        while position == "after" and last < len(tokens) and modifiers < MODIFIERS and not in_name(tokens[last]) \
                and is_modifier(tokens[last], lang) and _gap(text, tokens[last - 1].end, tokens[last].start):
            last, modifiers = last + 1, modifiers + 1
        if not strong and not modifiers:
            continue
        start, end = tokens[first].start, tokens[last - 1].end
        actor = _actor_beside(text, tokens, first, last, mentions, named)
        voice, quote_id = voice_at(quotes, start, end)
        found.append(item("label", start, end, text[start:end], entity_id=actor["entity_id"] if actor else None,
                           quote_id=quote_id, voice=voice,
                           term=({"start": actor["start"], "end": actor["end"]} if actor else None)))
    return found


def _fragments(text: str) -> list[tuple[int, int]]:
    """Words in quotation marks, too few to be speech: a name, a title or a scare quote."""
    return [parts[0] for parts, _ in direct_quotes(text)
            if len(parts) == 1 and 0 < len(text[parts[0][0]:parts[0][1]].split()) < FRAGMENT_WORDS]


def markers(text: str, tokens: list[Token], named: list[tuple[int, int]], quotes: list[dict]) -> list[dict]:
    """Where the outlet keeps its distance from a word: a distancing phrase ("so-called",
    "ce qu'il a appelé", "ما يسمى") with the words it marks, and scare quotes (a few
    lowercase words in quotation marks, in the outlet's own voice, naming no actor)."""
    fragments = [(a, b) for a, b in _fragments(text)
                 if not text[a:b][:1].isupper() and not any(s < b and a < e for s, e in named)
                 and not _in_direct(quotes, a, b)]
    found, used = [], set()
    for first, last, _ in word_list("distance_markers").find(tokens):
        start, end = tokens[first].start, tokens[last - 1].end
        if _in_direct(quotes, start, end):
            continue
        marked = next(((a, b) for a, b in fragments if end <= a <= end + MARKED_WITHIN), None)
        if marked:
            used.add(marked)
        else:
            following = [t for t in tokens[last:last + 3] if not re.search(r"[,.;:!?،؛]", text[end:t.start])]
            marked = (following[0].start, following[-1].end) if following else None
        found.append(item("marker", start, end, "so_called", term=dict(zip(("start", "end"), marked)) if marked else None))
    for a, b in fragments:
        if (a, b) not in used:
            start = len(text[:a].rstrip()) - 1
            end = b + len(text[b:]) - len(text[b:].lstrip()) + 1
            found.append(item("marker", start, end, "scare_quotes", term={"start": a, "end": b}))
    return found


def loaded(text: str, tokens: list[Token], named: list[tuple[int, int]], quotes: list[dict]) -> list[dict]:
    """Loaded terms (`loaded_terms`), each with its stance, what it is about, and whose words
    they are; a term inside a longer actor name ("Islamic Jihad") is the name, not a choice."""
    found = []
    for first, last, entry in loaded_terms().find(tokens):
        start, end = tokens[first].start, tokens[last - 1].end
        if any(a <= start and end <= b and (a, b) != (start, end) for a, b in named):
            continue
        voice, quote_id = voice_at(quotes, start, end)
        found.append(item("loaded_term", start, end, entry["words"], stance=entry["stance"], about=entry["about"],
                           quote_id=quote_id, voice=voice))
    return found


def attributions(text: str, quotes: list[dict]) -> list[dict]:
    """The reporting verb the outlet chose for each quote ("claimed", "a affirmé"), by
    speaker, with the tone its language profile gives it (`neutral` otherwise)."""
    found = []
    for q in quotes:
        if q["cue_start"] is None:
            continue
        cue = text[q["cue_start"]:q["cue_end"]]
        words = tokenize(cue)
        tone = tones().at(words, 0) if words else None
        found.append(item("attribution", q["cue_start"], q["cue_end"], cue, entity_id=q["speaker_entity_id"],
                           quote_id=q["id"], stance=tone[1]["tone"] if tone else "neutral"))
    return found


def voices(text: str, quotes: list[dict]) -> list[dict]:
    """Each quoted statement as a voice the outlet gives room to: its speaker (entity and
    words), its span, and the share of the text it takes."""
    found = []
    for q in quotes:
        chars = sum(p["end"] - p["start"] for p in q["parts"] or []) or q["end"] - q["start"]
        who = text[q["speaker_start"]:q["speaker_end"]] if q["speaker_start"] is not None else ""
        found.append(item("voice", q["start"], q["end"], who, entity_id=q["speaker_entity_id"], quote_id=q["id"],
                           about=q["kind"], score=round(chars / max(len(text), 1), 4),
                           term=({"start": q["speaker_start"], "end": q["speaker_end"]}
                                 if q["speaker_start"] is not None else None)))
    return found


def distanced(found: list[dict]) -> list[dict]:
    """Labels and loaded terms whose words a distance marker marks are the outlet's words held
    at a distance ("the Palestinian “resistance”"): their voice says so."""
    marked = [m["term"] for m in found if m["kind"] == "marker" and m["term"]]
    for f in found:
        if f["kind"] in ("label", "loaded_term") and f["voice"] == "outlet" and \
                any(t["start"] < f["end"] and f["start"] < t["end"] for t in marked):
            f["voice"] = "distanced"
    return found
