"""Role facts stated in text: "X, secretary-general of Y", "le secrétaire général du
mouvement Y, X", "Y's spokesman X", "الأمين العام لحركة Y X".

Works on resolved mentions rather than on words, so one procedure serves every language:
a role word (langdata `role_words`) with a person beside it and an organization or
country after it (or before it, with a possessive).
"""
from __future__ import annotations

import re

from crosswire.kb.resolve import Resolved
from crosswire.langdata import word_pattern

# How far apart the parts of a role phrase may be (characters between them).
NEAR = 6          # "X, the secretary-general": a comma, an article
OF_GAP = 45       # "secretary-general of the Iraqi movement Y"
_SENTENCE_BREAK = re.compile(r"[.!?;:\n«»\"“”]")
_POSSESSIVE = re.compile(r"^\s*(?:'s|’s)\s*$")
GROUPS = ("organization", "location")


def _gap_ok(text: str, start: int, end: int, limit: int) -> bool:
    return 0 <= end - start <= limit and not _SENTENCE_BREAK.search(text, start, end)


def role_facts(text: str, lang: str | None, mentions: list[Resolved]) -> list[dict]:
    people = [m for m in mentions if m.kind == "person"]
    groups = [m for m in mentions if m.kind in GROUPS]
    facts = []
    for cue in word_pattern("role_words", joiner=r"[\s-]+", hyphens=True).finditer(text):
        org = next((g for g in groups if g.start >= cue.end() and _gap_ok(text, cue.end(), g.start, OF_GAP)), None)
        before = next((p for p in reversed(people) if p.end <= cue.start() and _gap_ok(text, p.end, cue.start(), NEAR)), None)
        after = org and next((p for p in people if p.start >= org.end and _gap_ok(text, org.end, p.start, NEAR)), None)
        owner = next((g for g in reversed(groups) if g.end <= cue.start() and _POSSESSIVE.match(text[g.end:cue.start()])), None)
        if owner is not None:
            org, person = owner, next((p for p in people if p.start >= cue.end() and _gap_ok(text, cue.end(), p.start, NEAR)), None)
        else:
            person = before or after
        if person is None or org is None:
            continue
        span = (min(person.start, cue.start(), org.start), max(person.end, cue.end(), org.end))
        facts.append({"start": span[0], "end": span[1], "role": " ".join(cue.group().lower().replace("-", " ").split()),
                      "entity_id": person.entity_id, "of_entity_id": org.entity_id, "of_text": org.surface,
                      "method": f"rule:role_phrase:{lang or 'und'}"})
    return facts
