"""Deciding, over all the evidence the `aliases` stage stored, which actors are one, and
merging them with that evidence logged, so an analyst can read why and undo it.

Named in the same place of what two linked documents both say, two actors are one when
- the name matcher takes their names for one name written two ways ("Mateo Kovacic",
  "ماتيو كوفاتشيتش"; where both have names in one script, compared in that script only:
  "اليونان" is Greece, not Yunnan). People's names are transliterated, never translated,
  so for a person this is the only way;
- an actor the knowledge base holds (a curated one, with its names in many languages)
  takes another name only so, and only on repeated evidence (aligned pairs weighing at
  least REPEATED): a translator's substitution ("Washington" for "the United States")
  must not become an alias, and two curated actors are never merged;
- organizations and places the knowledge base does not hold have translated names
  ("Sahil Brigades", "Brigades du Sahil", "كتائب الساحل"): they are one when three
  languages agree (each name paired with both others, a triangle), or when one name's
  words are within the other's ("Azrel", "Port Azrel") on repeated evidence; and never
  while a rival is named in that place (a third actor, in the other's language, whose name
  could not be theirs), nor while a sentence of the evidence writes, unrecognized, a name
  another pair gives one of them: the pairing is then the NER's or the alignment's error.
No pair an analyst split is merged again.

The merge keeps the curated actor, else the one named most, and takes the other's names as
aliases (kb_merge). It is logged as an edit by LEARNER with the names and the aligned
sentences; `crosswire kb split` undoes it and the split is remembered. Documents naming
either actor are resolved again in the same run (crosswire/engine/local.py)."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from crosswire.kb.format import Edit
from crosswire.kb.storage import kb_merge, kb_promote
from crosswire.langdata.names import folded, same_name
from crosswire.stages.registry import after_pass
from crosswire.store.queries import span_text
from crosswire.store.sql import SQLStore

LEARNER = "crosswire (aligned sentences)"
# What one aligned sentence pair counts for, by the kind of link it comes from.
WEIGHT = {"translation": 1.0, "near_duplicate": 1.0, "same_story": 0.5}
# Repeated evidence: two aligned pairs.
REPEATED = 2.0
# Aligned sentence pairs logged with a merge (all count).
EVIDENCE_LOGGED = 5


@dataclass
class _Pair:
    """The evidence that two actors (by their current ids) are one."""
    kind: str = ""
    weight: float = 0.0
    langs: dict[str, str] = field(default_factory=dict)      # actor → language it was named in
    evidence: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # actor → words used


def compatible(a: str, b: str) -> bool:
    """Could two names be one actor's: the same name, or one's words within the other's."""
    words_a, words_b = set(folded(a).split()), set(folded(b).split())
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a or same_name(a, b))


def _current(store: SQLStore) -> dict[str, str]:
    """Each merged actor's id → the id it now lives under."""
    into = {r[0]: r[1] for r in store.conn.execute("SELECT id, merged_into FROM entities WHERE merged_into IS NOT NULL")}
    return {entity: _follow(into, entity) for entity in into}


def _follow(into: dict[str, str], entity: str) -> str:
    seen = {entity}
    while entity in into and into[entity] not in seen:
        entity = into[entity]
        seen.add(entity)
    return entity


def _split_by_analysts(store: SQLStore) -> set[frozenset[str]]:
    return {frozenset((r[0], json.loads(r[1]).get("absorbed")))
            for r in store.conn.execute("SELECT target, value FROM analyst_edits WHERE action = 'split'")}


def _pairs(store: SQLStore, current: dict[str, str]) -> dict[frozenset[str], _Pair]:
    pairs: dict[frozenset[str], _Pair] = defaultdict(_Pair)
    for r in store.conn.execute("SELECT * FROM alias_evidence ORDER BY doc_id, other, a_start, b_start, entity_a, entity_b"):
        a, b = current.get(r["entity_a"], r["entity_a"]), current.get(r["entity_b"], r["entity_b"])
        if a == b:
            continue
        pair = pairs[frozenset((a, b))]
        pair.kind = r["kind"]
        pair.weight += WEIGHT.get(r["link"], WEIGHT["same_story"])
        pair.langs.setdefault(a, r["lang_a"])
        pair.langs.setdefault(b, r["lang_b"])
        pair.names[a].add(r["name_a"])
        pair.names[b].add(r["name_b"])
        if len(pair.evidence) < EVIDENCE_LOGGED:
            pair.evidence.append({"link": r["link"], "a": [r["doc_id"], r["a_start"], r["a_end"]],
                                  "b": [r["other"], r["b_start"], r["b_end"]], "words": [r["name_a"], r["name_b"]],
                                  "actors": [a, b]})
    return pairs


class _Evidence:
    """The stored evidence over the actors as they now are, and what the KB says of them."""

    def __init__(self, store: SQLStore):
        self.store = store
        self.pairs = _pairs(store, _current(store))
        involved = sorted({actor for key in self.pairs for actor in key})
        rows = {r["id"]: r for r in store.conn.execute(
            "SELECT e.id, e.name, e.origin, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions"
            f" FROM entities e WHERE e.id IN ({','.join('?' * len(involved)) or 'NULL'})", involved)}
        self.names = {actor: {rows[actor]["name"]} if actor in rows else set() for actor in involved}
        for r in store.conn.execute(f"SELECT entity_id, alias FROM entity_names WHERE entity_id IN"
                                    f" ({','.join('?' * len(involved)) or 'NULL'})", involved):
            self.names[r[0]].add(r[1])          # a curated actor's names in every language the KB has
        for key, pair in self.pairs.items():
            for actor in key:
                self.names[actor] |= pair.names[actor]
        self.mentions = {actor: rows[actor]["mentions"] if actor in rows else 0 for actor in involved}
        self.curated = {actor for actor, r in rows.items() if r["origin"] != "local" and not actor.startswith("local:")}
        self.by_actor: dict[str, list[frozenset[str]]] = defaultdict(list)
        for key in self.pairs:
            for actor in key:
                self.by_actor[actor].append(key)

    def one_name(self, key: frozenset[str]) -> bool:
        """The name matcher takes some name of one for some name of the other, compared
        within a script both are written in, if any."""
        a, b = sorted(key)
        shared = {_script(n) for n in self.names[a]} & {_script(n) for n in self.names[b]}
        return any(same_name(x, y) for x in self.names[a] for y in self.names[b]
                   if not shared or _script(x) == _script(y) in shared)

    def contained(self, key: frozenset[str]) -> bool:
        """One's name is the other's with words added ("Azrel", "Port Azrel")."""
        a, b = sorted(key)
        return any(compatible(x, y) for x in self.names[a] for y in self.names[b])

    def rivalled(self, key: frozenset[str]) -> bool:
        """A third actor is paired with one side, in the other side's language, under a name
        that could not be the other side's."""
        pair = self.pairs[key]
        for actor in key:
            (partner,) = key - {actor}
            for other_key in self.by_actor[actor]:
                (rival,) = other_key - {actor}
                if (other_key != key and self.pairs[other_key].langs.get(rival) == pair.langs.get(partner)
                        and not any(compatible(x, y) for x in self.names[rival] for y in self.names[partner])):
                    return True
        return False

    def contradicted(self, key: frozenset[str]) -> bool:
        """The sentence on one side of the evidence writes, unrecognized, the other side's name
        as its own sentence wrote it, or a name another pair gives the other side: "NHS" in
        the French sentence that paired "NHS" (or "هيئة الخدمات الصحية الوطنية") with
        "Brexit" means the French NER missed the real counterpart."""
        for item in self.pairs[key].evidence:
            texts = [span_text(self.store.conn, *item["a"]), span_text(self.store.conn, *item["b"])]
            for mine, theirs in ((0, 1), (1, 0)):
                actor, partner = item["actors"][mine], item["actors"][theirs]
                renderings = {item["words"][mine]} | {
                    n for other_key in self.by_actor[actor] if other_key != key for n in self.names[next(iter(other_key - {actor}))]
                    if not any(compatible(n, m) for m in self.names[partner])}
                renderings = {n for n in renderings if folded(n) not in folded(item["words"][theirs])}
                if _writes(texts[theirs], renderings):
                    return True
        return False

    def triangle(self, key: frozenset[str]) -> bool:
        """A third actor, named in a third language, is paired with both, unrivalled."""
        a, b = sorted(key)
        langs = {self.pairs[key].langs.get(a), self.pairs[key].langs.get(b)}
        for other_key in self.by_actor[a]:
            (third,) = other_key - {a}
            closing = frozenset((b, third))
            if (third != b and closing in self.pairs and self.pairs[other_key].langs.get(third) not in langs
                    and not any(self.rivalled(leg) or self.contradicted(leg) for leg in (other_key, closing))):
                return True
        return False

    def accepted(self, key: frozenset[str]) -> bool:
        pair = self.pairs[key]
        a, b = sorted(key)
        if pair.weight < 1 or (a in self.curated and b in self.curated):
            return False
        if a in self.curated or b in self.curated:
            return pair.weight >= REPEATED and self.one_name(key)
        if pair.kind == "person" or pair.langs.get(a) == pair.langs.get(b):
            return self.one_name(key)
        if self.one_name(key):
            return True
        return (not self.rivalled(key) and not self.contradicted(key)
                and (self.triangle(key) or (pair.weight >= REPEATED and self.contained(key))))


def _writes(text: str, names: set[str]) -> bool:
    """The text holds one of the names as whole words, in any letter case."""
    return bool(names) and re.search(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)", text,
                                     re.IGNORECASE) is not None


def _script(name: str) -> str:
    """The writing system of a name's first letter (LATIN, ARABIC, CYRILLIC…)."""
    letter = next((ch for ch in name if ch.isalpha()), "")
    return unicodedata.name(letter, "").split(" ", 1)[0]


def learned_merges(store: SQLStore) -> list[tuple[str, str, _Pair]]:
    """The merges the stored evidence supports, as (kept, absorbed, evidence), strongest first."""
    found = _Evidence(store)
    refused = _split_by_analysts(store)
    root = {actor: actor for actor in found.names}

    def find(actor: str) -> str:
        while root[actor] != actor:
            actor = root[actor]
        return actor

    merges = []
    for key in sorted(found.pairs, key=lambda k: (-found.pairs[k].weight, sorted(k))):
        if key in refused or not found.accepted(key):
            continue
        a, b = sorted(find(actor) for actor in key)
        if a == b or (a in found.curated and b in found.curated) or frozenset((a, b)) in refused:
            continue
        kept, absorbed = sorted((a, b), key=lambda x: (x not in found.curated, -found.mentions[x], x))
        root[absorbed] = kept
        merges.append((kept, absorbed, found.pairs[key]))
    return merges


@after_pass("aliases")
def learn_aliases(store: SQLStore) -> dict[str, set[str]]:
    """Merge the actors the evidence shows to be one; the documents naming either are to be
    resolved again (the `entities` stage and every stage after it), as a new KB version
    would have them resolved, but only those."""
    again: set[str] = set()
    for kept, absorbed, pair in learned_merges(store):
        with store.transaction() as conn:
            kb_promote(store, conn, kept)
            kb_promote(store, conn, absorbed)
        kb_merge(store, kept, absorbed, Edit(LEARNER, "merge", kept, {
            "names": [sorted(words) for _, words in sorted(pair.names.items())],
            "evidence": pair.evidence, "weight": pair.weight}), everywhere=False)
        again.update(r[0] for r in store.conn.execute("SELECT DISTINCT doc_id FROM mentions WHERE entity_id IN (?, ?)",
                                                      (kept, absorbed)))
    return {"entities": again} if again else {}
