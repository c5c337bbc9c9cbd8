"""Resolve a document's mentions to actors: KB entities when they match, local entities
otherwise, and nothing when the evidence is ambiguous.

Order of evidence: the KB's own names (exact, organization key, consonant skeleton,
fuzzy), then coreference inside the document ("Al-Rawi" after "Samir al-Rawi"), then
context (a lone surname whose KB bearer's organization is named in the same document).
A lone surname never becomes an entity of its own: two people may share it.
"""
from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from crosswire.columns import MENTION_EVIDENCE, pair, span
from crosswire.kb.index import WORD, Found, KnowledgeBase, Match
from crosswire.langdata import word_set
from crosswire.langdata.letters import ARABIC_CLITICS, fold_word
from crosswire.langdata.names import SAME_NAME, folded, skeleton, skeleton_similarity
from crosswire.text.ner import Mention, name_particles
from crosswire.text.normalize import short_hash

# Arabic family names that are adjectives of origin ("al-Rawi", "Al-Hamdani"): alone and
# unknown to the KB, such a name is a person's, whatever a model trained on other names says.
_NISBA = re.compile(r"^(?:[Aa]l|[Ee]l)[-’' ]?[A-Z][\w’'-]*[iy]$|^ال\w+ي$")
_DETECTOR_RANK = {"kb": 0, "rule": 1, "spacy": 2}
# Rules whose whole span is the name even where a shorter known name sits inside it
# ("بلدة وادي السمار" is no town called "وادي", "Kan Thit village" none called "Kan").
WHOLE_NAME_RULES = frozenset({"rule:place_noun", "rule:place_kind"})
# The capitalized word just before a position, separated by one space (cased scripts).
_LEADING_NAME_WORD = re.compile(r"([\w’'-]+) $")


@dataclass
class Resolved:
    start: int
    end: int
    kind: str
    method: str
    score: float
    surface: str
    entity_id: str | None = None
    name: str | None = None        # the name a new local entity gets
    evidence: dict = field(default_factory=dict)

    def record(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "entity_id": self.entity_id, "method": self.method,
                "score": round(self.score, 3), "name": self.name, "evidence": evidence_record(self.evidence)}


def evidence_record(evidence: dict) -> dict:
    """Resolution evidence as its Arrow record (`columns.MENTION_EVIDENCE`)."""
    return {**{k: evidence.get(k) for k in MENTION_EVIDENCE.names}, "antecedent": span(evidence.get("antecedent"))}


def evidence_json(record: dict) -> str:
    """Resolution evidence as the mentions table keeps it (the export contract's shape):
    only what was found, the antecedent as a pair."""
    found = {**record, "antecedent": pair(record["antecedent"])}
    return json.dumps({k: v for k, v in found.items() if v is not None}, ensure_ascii=False)


def _merge(text: str, mentions: list[Mention], found: list[Found], kb: KnowledgeBase) -> list[Resolved]:
    """One mention per stretch of text: the longest span, unless only a KB name inside it
    resolves; its kind from the KB, else from an honorific, else from the model."""
    candidates = [(m.start, m.end, m.kind, m.method, m.score, None) for m in mentions]
    candidates += [(f.start, f.end, f.kind, "kb:gazetteer", 0.95, f.actor_id) for f in found]
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), _DETECTOR_RANK[c[3].split(":")[0]]))
    merged: list[Resolved] = []
    group: list[tuple] = []
    for candidate in candidates + [(len(text) + 1, len(text) + 1, "", "kb:end", 0.0, None)]:
        if group and candidate[0] >= max(c[1] for c in group):
            best = max(group, key=lambda c: (c[1] - c[0], -_DETECTOR_RANK[c[3].split(":")[0]]))
            known = [c for c in group if c[5]]
            if known and not best[5] and best[3] not in WHOLE_NAME_RULES and not kb.lookup(text[best[0]:best[1]], best[2]):
                best = max(known, key=lambda c: c[1] - c[0])     # "Asa'ib Ahl al-Haq" within "… Movement of Iraq"
            item = Resolved(best[0], best[1], best[2], best[3], best[4], text[best[0]:best[1]])
            if best[5]:
                item.entity_id, item.evidence = best[5], {"resolved_by": "gazetteer"}
            if item.entity_id is None and best[3] not in WHOLE_NAME_RULES and any(c[3] == "rule:honorific" for c in group):
                item.kind, item.evidence = "person", {"kind_from": "honorific"}
            merged.append(item)
            group = []
        group.append(candidate)
    return [m for m in merged if folded(m.surface)]


def _surname_echoes(text: str, items: list[Resolved]) -> list[Resolved]:
    """A full name's last word, written alone elsewhere in the document ("Ra’wi said"),
    is a mention too, even where no detector saw it; coreference then resolves it. Written
    after other capitalized words ("Hassan al-Tamimi"), it ends another full name instead."""
    stops = word_set("name_stop_words") | word_set("title_adjectives")
    surnames = {last for i in items if i.kind == "person" and len(words := folded(i.surface).split()) >= 2
                and len(last := words[-1]) >= 3 and last not in stops}
    lowered = set(re.findall(r"\b[a-zà-ÿ]+\b", text))      # words the text also writes in lower case
    echoes = []
    for word in WORD.finditer(text):
        surface = word.group().rstrip("’'-")
        cased = surface.lower() != surface.upper()
        clitic = not cased and surface[:1] in ARABIC_CLITICS and folded(surface) not in surnames
        if clitic:
            surface = surface[1:]                     # "وبوش": "and Bush"
        if (cased and not any(ch.isupper() for ch in surface)) or folded(surface) not in surnames:
            continue
        start = word.start() + clitic
        end = start + len(surface)
        if any(i.start < end and start < i.end for i in items):
            continue                                  # already part of a mention
        before_word = text[:start].rsplit(None, 1)[-1:] if not cased else []
        if before_word and before_word[0] in name_particles():
            start = text.rindex(before_word[0], 0, start)     # "بن لادن"
        while cased and (before := _LEADING_NAME_WORD.search(text[max(0, start - 40):start])) \
                and before.group(1)[0].isupper() and before.group(1).lower() not in lowered \
                and fold_word(before.group(1)) not in word_set("honorifics"):
            start -= len(before.group())
        items = [i for i in items if not (i.start < end and start < i.end)]
        echoes.append(Resolved(start, end, "person", "rule:surname", 0.7, text[start:end]))
    return sorted(items + echoes, key=lambda i: i.start)


def _by_kb(item: Resolved, kb: KnowledgeBase) -> None:
    matches: list[Match] = kb.lookup(item.surface, item.kind)
    strict = [m for m in matches if m.method != "fuzzy"]
    if len(strict) == 1 or (not strict and len(matches) == 1 and kb.kind_of(matches[0].actor_id) == item.kind):
        match = (strict or matches)[0]
        kind = kb.kind_of(match.actor_id) or item.kind
        if kind != item.kind:
            item.evidence["kind_corrected_from"] = item.kind
            item.kind = kind
        item.entity_id, item.score = match.actor_id, match.score
        item.evidence["resolved_by"] = match.method
    elif len(matches) > 1:
        item.evidence["ambiguous"] = [m.actor_id for m in matches[:5]]


def _last(skel: str) -> str:
    return skel.split()[-1] if skel else ""


def _coreference(items: list[Resolved]) -> None:
    """A short form joins the one longer name of the document it abbreviates: same last
    word, and every word it has found in the longer name ("Al-Rawi" → "Samir al-Rawi",
    "Fajr" → "Hezbollah al-Fajr Movement")."""
    full = [(i, skeleton(i.surface).split()) for i in items if i.entity_id and len(skeleton(i.surface).split()) >= 2]
    for item in items:
        words = skeleton(item.surface).split()
        if item.entity_id or not words:
            continue
        heads = {other.entity_id: other for other, other_words in full
                 if len(other_words) > len(words) and skeleton_similarity(other_words[-1], words[-1]) >= SAME_NAME
                 and all(any(skeleton_similarity(w, o) >= SAME_NAME for o in other_words) for w in words)}
        if len(heads) == 1:
            head = next(iter(heads.values()))
            item.entity_id, item.score = head.entity_id, round(0.8 * head.score, 3)
            item.evidence.update(resolved_by="coreference", antecedent=[head.start, head.end])
        elif len(heads) > 1:
            item.evidence["ambiguous"] = sorted(str(h) for h in heads)


def _vote_kinds(items: list[Resolved], kb: KnowledgeBase) -> None:
    """All mentions of one entity in a document get one kind: the KB's, else the one most
    evidence supports (an honorific or a nisba surname counts twice a model's label)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        if item.entity_id:
            strong = "kind_from" in item.evidence or "kind_corrected_from" in item.evidence
            votes[item.entity_id][item.kind] += 2 if strong else 1
    for item in items:
        if item.entity_id:
            kind = kb.kind_of(item.entity_id) or votes[item.entity_id].most_common(1)[0][0]
            if kind != item.kind:
                item.evidence.setdefault("kind_corrected_from", item.kind)
                item.kind = kind


def _context(item: Resolved, kb: KnowledgeBase, in_document: set[str]) -> None:
    """A lone surname resolves to the one KB person bearing it whose organization or
    role is named in the same document."""
    last = _last(skeleton(item.surface))
    supported = {}
    for actor_id in sorted(kb.by_last.get(last, ())):
        actor = kb.actors[actor_id]
        related = {r.of for r in actor.roles if r.of} | {a.actor for a in actor.affiliations}
        if actor.kind == "person" and related & in_document:
            supported[actor_id] = sorted(related & in_document)
    if len(supported) == 1:
        (actor_id, context), = supported.items()
        item.entity_id, item.score = actor_id, 0.7
        item.evidence.update(resolved_by="context", context=context)


def _local(items: list[Resolved]) -> None:
    """Names the KB does not know become local entities, keyed by consonant skeleton, so
    the same name in any document and script is one entity (whatever kind a model gave it)."""
    for item in items:
        if item.entity_id or item.evidence.get("ambiguous"):
            continue
        skel = skeleton(item.surface)
        if item.kind == "person" and len(skel.split()) < 2:
            item.evidence.setdefault("unresolved", "surname only")
            continue
        item.entity_id = f"local:{short_hash(skel.replace(' ', ''))}"
        item.name, item.score = item.surface, min(item.score, 0.6)
        item.evidence["resolved_by"] = "local"


def resolve(text: str, mentions: list[Mention], kb: KnowledgeBase) -> list[Resolved]:
    items = _surname_echoes(text, _merge(text, mentions, kb.scan(text), kb))
    org_words = word_set("org_words") | word_set("org_heads")
    for item in items:
        if item.entity_id is None:
            _by_kb(item, kb)
        if item.entity_id is None and item.kind != "person" and not item.evidence.get("ambiguous") \
                and _NISBA.match(item.surface.strip()):
            item.evidence["kind_corrected_from"], item.kind = item.kind, "person"
        if item.entity_id is None and item.kind in ("person", "location") and org_words & set(folded(item.surface).split()):
            item.evidence["kind_corrected_from"], item.kind = item.kind, "organization"
    _local([i for i in items if len(skeleton(i.surface).split()) >= 2])
    _coreference(items)
    in_document = {i.entity_id for i in items if i.entity_id}
    for item in items:
        if item.entity_id is None and item.kind == "person" and not item.evidence.get("ambiguous"):
            _context(item, kb, in_document)
    _local(items)
    _vote_kinds(items, kb)
    return items


_SENTENCE_END = re.compile(r"[.!?؟]\s|\n")


def _sentence_start(text: str, position: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, position - 600), position)]
    return ends[-1] if ends else max(0, position - 600)


def pronoun_antecedent(text: str, mentions: list[dict], position: int) -> dict | None:
    """Who a pronoun at `position` stands for: the first person named earlier in its own
    sentence (the subject: "Flynn said Trump was right when he said"), else the first person
    of the last sentence that named one. `mentions` are sorted by start; only the mentions
    just before the position are read, so a long document costs no more per pronoun."""
    here = _sentence_start(text, position)
    first_in_sentence = None
    persons = _persons_before(mentions, position)
    for x in persons:
        if x["start"] >= here:
            first_in_sentence = x
            continue
        if first_in_sentence is not None:
            return first_in_sentence
        there = _sentence_start(text, x["start"])
        earliest = x
        for y in persons:
            if y["start"] < there:
                break
            earliest = y
        return earliest
    return first_in_sentence


def _persons_before(mentions: list[dict], position: int) -> Iterator[dict]:
    """Resolved person mentions ending by `position`, nearest first."""
    for index in range(bisect.bisect_left(mentions, position, key=lambda m: m["start"]) - 1, -1, -1):
        x = mentions[index]
        if x["kind"] == "person" and x["end"] <= position and x["entity_id"]:
            yield x
