"""Dependency parses, where a packaged spaCy model parses the language (en, fr): who is
the subject of a verb of speaking or of an event, what its objects are, and how high in
the sentence a word sits. Languages without a parser get empty answers, and the callers
fall back to word-order rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crosswire.text.ner import ASCII_APOSTROPHES, MODEL_PIECE, MODELS, pipeline
from crosswire.text.recent import Recent

EMPTY_TENSOR = np.zeros((0, 0), dtype="float32")
SUBJECTS = ("nsubj", "nsubj:pass", "nsubjpass")
PASSIVE_SUBJECTS = ("nsubj:pass", "nsubjpass")
OBJECTS = ("dobj", "obj", "iobj", "dative", "attr")
PREPOSITIONAL = ("prep", "obl", "obl:arg", "obl:mod", "nmod")


def is_verb(token: Any) -> bool:
    """A verb or auxiliary, from the coarse part of speech (French) or the tag (English)."""
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith(("VB", "MD"))


# Parsed sentences a process keeps (about 8 KB each): the events and quotes stages parse
# many of the same sentences, and documents resolved again after learned aliases all of theirs.
PARSES_KEPT = 4096
_PARSES: Recent[Any] = Recent(PARSES_KEPT)


def parse_sentences(text: str, spans: list[tuple[int, int]], lang: str | None) -> dict[tuple[int, int], Any]:
    """Dependency parses of some sentences of a text, in one batch; empty without a parser."""
    if lang not in MODELS or not spans:
        return {}
    nlp = pipeline(lang)
    spans = [(a, b) for a, b in spans if b - a <= min(MODEL_PIECE, nlp.max_length)]  # longer is no sentence to parse
    if not spans:
        return {}

    def parse(keys: list[Any]) -> list[Any]:
        with nlp.select_pipes(disable="ner"):
            docs = list(nlp.pipe([sentence for _, sentence in keys], batch_size=64))
        for doc in docs:
            doc.tensor = EMPTY_TENSOR        # the parse is what callers read; the vectors behind it are not
        return docs

    keys = [(lang, text[a:b].translate(ASCII_APOSTROPHES)) for a, b in spans]
    return dict(zip(spans, _PARSES.many(keys, parse), strict=True))


def sentence_subject(doc: Any, offset: int) -> tuple[int, int] | None:
    """The subject of a parsed sentence's main verb ("In July, Gingrich dismissed …")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subjects = [c for c in root.children if c.dep_ in SUBJECTS] if root is not None else []
    return _span(subjects[0], offset) if subjects else None


def _span(token: Any, offset: int) -> tuple[int, int]:
    return offset + token.left_edge.idx, offset + token.right_edge.idx + len(token.right_edge.text)


def token_at(doc: Any, offset: int, position: int) -> Any | None:
    return next((t for t in doc if t.idx + offset <= position < t.idx + offset + len(t.text) + 1), None)


@dataclass
class Roles:
    """Who does what to whom around one word, as spans of the text."""

    depth: int
    subject: tuple[int, int] | None = None
    passive: bool = False
    agent: tuple[int, int] | None = None
    objects: list[tuple[int, int]] = field(default_factory=list)
    governors: list[int] = field(default_factory=list)       # text offsets of the words that govern it (`_governors`)
    outer_subject: tuple[int, int] | None = None            # the subject of the clause above ("X said it will…")
    verb: int | None = None                                  # text offset of the verb the subject belongs to
    nominal: bool = False                                    # the words are a noun ("the attack"), not the verb
    noun_subject: tuple[int, int] | None = None             # "the attack that X carried out", "X's attack"
    clause_subject: tuple[int, int] | None = None           # "demanded that X withdraw": X


def _governors(word: Any) -> list[Any]:
    """The words above `word` in the tree, less the conjuncts it is coordinated with: in
    "protested … and hurled stones", the protest does not govern the stoning."""
    found, token = [], word
    while token.head.i != token.i:
        if token.dep_ != "conj":
            found.append(token.head)
        token = token.head
    return found


def roles(doc: Any, offset: int, position: int, prepositions: frozenset[str], end: int | None = None) -> Roles | None:
    """The roles of the clause the words at `position` (to `end`) belong to: its verb's
    subject (or, for an infinitive, the subject of the verb it completes: "agreed to
    cooperate"), a passive's agent, and its objects, direct or after one of
    `prepositions`. The words' head is the one highest in the tree ("hunger strike": strike)."""
    words = [t for t in doc if position <= offset + t.idx < (end or position + 1)] or [token_at(doc, offset, position)]
    if words[0] is None:
        return None
    word = min(words, key=lambda t: len(list(t.ancestors)))
    found = Roles(depth=len(list(word.ancestors)), governors=[offset + t.idx for t in _governors(word)])
    verb = word
    while not is_verb(verb) and verb.head.i != verb.i:
        verb = verb.head
    found.verb, found.nominal = offset + verb.idx, verb.i != word.i
    relative = None
    for child in word.children:
        inner = [c for c in child.children if c.dep_ in SUBJECTS] if child.dep_ in ("acl:relcl", "relcl", "acl") else []
        if inner or child.dep_ in ("poss", "nmod:poss"):
            found.noun_subject = _span(inner[0] if inner else child, offset)
            relative = child if inner else None
            break
    for candidate in (verb, verb.head):
        subjects = [c for c in candidate.children if c.dep_ in SUBJECTS]
        if subjects:
            found.subject = _span(subjects[0], offset)
            found.passive = subjects[0].dep_ in PASSIVE_SUBJECTS and candidate is verb
            break
    outer = verb.head
    while outer.i != outer.head.i and not is_verb(outer):
        outer = outer.head
    if outer.i != verb.i:
        subjects = [c for c in outer.children if c.dep_ in SUBJECTS]
        found.outer_subject = _span(subjects[0], offset) if subjects else None
    for holder in dict.fromkeys((verb, word, *words)):   # the verb first ("opened fire at X": fire holds X)
        for clause in (c for c in holder.children if c.dep_ in ("ccomp", "xcomp", "acl") and found.clause_subject is None):
            subjects = [c for c in clause.children if c.dep_ in SUBJECTS]
            found.clause_subject = _span(subjects[0], offset) if subjects else None
        for child in holder.children:
            if child.dep_ in OBJECTS and child not in words:       # "opened fire": fire is the trigger
                found.objects.append(_span(child, offset))
            elif child.dep_ == "agent":
                found.agent = _span(child, offset)
            elif child.dep_ in PREPOSITIONAL:
                found.objects += _prepositional_objects(child, prepositions, offset)
    if relative is not None:    # "the air attack that X carried out against Y": Y, not the pronoun "that"
        found.objects += [o for c in relative.children if c.dep_ in PREPOSITIONAL
                          for o in _prepositional_objects(c, prepositions, offset)]
    return found


def _prepositional_objects(child: Any, prepositions: frozenset[str], offset: int) -> list[tuple[int, int]]:
    """What a prepositional dependent holds after one of `prepositions`: English's prep →
    pobj, or French's obl with its case word."""
    marker = [c for c in child.children if c.dep_ == "case"]
    if child.text.lower() in prepositions:
        return [_span(g, offset) for g in child.children if g.dep_ == "pobj"]
    if marker and marker[0].text.lower() in prepositions:
        return [_span(child, offset)]
    return []
