"""Stage `aliases`: evidence that two actors are one, read from the sentences the link
stage aligned between this document and the documents it is linked to.

In each aligned pair (and, for translations and near-duplicates, each stretch between two
aligned pairs), the actors both sides name are set aside; of the rest, where each side
names exactly one actor of a kind, the two are named in the same place:
"Sahil Brigades leader threatens to close Port Azrel" and "Le chef des Brigades du Sahil
menace de fermer le port d'Azrel" pair "Sahil Brigades" with "Brigades du Sahil" and
"Port Azrel" with "Azrel". Whether they become one actor is decided over all the evidence
the corpus holds (crosswire/aliases/learn.py)."""
from __future__ import annotations

from typing import Any

from crosswire.stages.registry import stage

# Kinds that may name the same thing in two languages: a place may be a location in one
# and a facility in the other ("Port Azrel", "le port d'Azrel").
FAMILY = {"person": "person", "organization": "organization", "location": "place", "facility": "place"}


def _named_once(names: list[dict[str, Any]], elsewhere: set[str], family: str) -> dict[str, dict[str, Any]]:
    """The actors of one kind family a sentence names and the other does not, each with its first mention."""
    found: dict[str, dict[str, Any]] = {}
    for n in names:
        if FAMILY.get(n["kind"]) == family and n["entity_id"] not in elsewhere:
            found.setdefault(n["entity_id"], n)
    return found


# Documents linked as these say the same things in the same order: the sentences between
# two aligned pairs render the sentences between them on the other side (one sentence
# translated as two aligns with neither half).
IN_ORDER = ("translation", "near_duplicate")
# A stretch between aligned pairs longer than this, on either side, holds text one side added.
MOST_BETWEEN = 3


def _between(sentences: list[dict[str, int]], after: int, before: int) -> list[dict[str, int]]:
    return [s for s in sentences if s["start"] >= after and s["end"] <= before]


def segments(linked: dict[str, Any]) -> list[tuple[dict[str, int], dict[str, int]]]:
    """Spans of the two documents that say the same: the aligned sentence pairs and, for
    documents in the same order, the stretches between consecutive aligned pairs."""
    pairs = [(p["a"], p["b"]) for p in linked["pairs"]]
    if linked["link"] not in IN_ORDER:
        return pairs
    anchors: list[tuple[dict[str, int], dict[str, int]]] = []
    for a, b in sorted(pairs, key=lambda p: p[0]["start"]):
        if not anchors or b["start"] > anchors[-1][1]["start"]:      # pairs that cross the others are no anchors
            anchors.append((a, b))
    edges = [(-1, -1)] + [(a["start"], b["start"]) for a, b in anchors] + [(1 << 62, 1 << 62)]
    ends = [(-1, -1)] + [(a["end"], b["end"]) for a, b in anchors]
    stretches = []
    for (after_a, after_b), (before_a, before_b) in zip(ends, edges[1:], strict=True):
        a = _between(linked["sentences_a"], after_a, before_a)
        b = _between(linked["sentences_b"], after_b, before_b)
        if a and b and len(a) <= MOST_BETWEEN and len(b) <= MOST_BETWEEN:
            stretches.append(({"start": a[0]["start"], "end": a[-1]["end"]}, {"start": b[0]["start"], "end": b[-1]["end"]}))
    return pairs + stretches


def _within(names: list[dict[str, Any]], span: dict[str, int]) -> list[dict[str, Any]]:
    return [n for n in names if n["start"] >= span["start"] and n["end"] <= span["end"]]


def named_alike(lang: str | None, linked: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pairs of actors named in the same place of two spans that say the same, with the spans."""
    evidence = []
    for link in linked:
        for span_a, span_b in segments(link):
            names_a, names_b = _within(link["names_a"], span_a), _within(link["names_b"], span_b)
            ids_a, ids_b = {n["entity_id"] for n in names_a}, {n["entity_id"] for n in names_b}
            for family in sorted({FAMILY[n["kind"]] for n in names_a if n["kind"] in FAMILY}):
                only_a, only_b = _named_once(names_a, ids_b, family), _named_once(names_b, ids_a, family)
                if len(only_a) == 1 and len(only_b) == 1:
                    (a,), (b,) = only_a.values(), only_b.values()
                    evidence.append({"other": link["other"], "link": link["link"], "kind": family,
                                     "entity_a": a["entity_id"], "entity_b": b["entity_id"], "lang_a": lang,
                                     "lang_b": link["other_lang"], "a": span_a, "b": span_b, "name_a": a["text"],
                                     "name_b": b["text"]})
    return evidence


@stage("aliases", version=1, requires=("lang", "linked_names"), assigns=("alias_evidence",))
def aliases(row: dict[str, Any]) -> dict[str, Any]:
    """Actors named in the same place of what linked documents both say."""
    return {"alias_evidence": named_alike(row["lang"], row["linked_names"] or [])}
