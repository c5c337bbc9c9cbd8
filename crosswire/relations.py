"""Relations between actors, read from the stored records, never from a second analysis:
co-mention from mentions in one document; meeting, attack, threat and cooperation from
events (actor → target, by PLOVER type); quote from a quote whose words name another
actor (speaker → that actor). The web app draws them; the graph exports write them."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from crosswire.store.queries import rows_for
from crosswire.store.sql import SQLStore

# PLOVER types read as relations between an event's actors and its targets.
EVENT_RELATIONS = {"CONSULT": "meeting", "ASSAULT": "attack", "FIGHT": "attack", "THREATEN": "threat",
                   "COERCE": "threat", "AGREE": "cooperation", "COOPERATE": "cooperation", "SUPPORT": "cooperation",
                   "AID": "cooperation"}
RELATIONS = ("co-mention", "meeting", "attack", "threat", "cooperation", "quote")
# Kinds of entity that act: places and facilities are where things happen, not who.
ACTOR_KINDS = ("person", "organization")
# Actors drawn at most, the most mentioned first: a network past this reads as a hairball.
MOST_NODES = 40
# Evidence items kept per edge (counts include the rest).
EVIDENCE_KEPT = 50
# Documents a network is read from, the latest of its window: a page's cost does not grow
# with the store; narrowing the dates reaches earlier documents.
DOCUMENTS_READ = 1000
# The same for the network around one actor (its profile page).
AROUND_READ = 150


@dataclass
class Window:
    """Which part of the network: a time span (document or event dates), relations, and
    optionally the neighbourhood of one actor."""
    since: str | None = None
    until: str | None = None
    relations: tuple[str, ...] = RELATIONS
    around: str | None = None

    def dated(self, column: str) -> tuple[str, list[Any]]:
        where, params = [], []
        if self.since:
            where.append(f"{column} >= ?")
            params.append(self.since)
        if self.until:
            where.append(f"substr({column}, 1, ?) <= ?")
            params += [len(self.until), self.until]
        return "".join(f" AND {w}" for w in where), params


def relation_key(a: str, b: str, relation: str) -> tuple[str, str, str]:
    """Co-mention has no direction: its pair is kept in one order."""
    return (min(a, b), max(a, b), relation) if relation == "co-mention" else (a, b, relation)


def edges(store: SQLStore, w: Window, doc_ids: list[str]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The actors (mention counts) and the edges among the documents, each edge with its
    count, first and last date, and evidence (document, span, date)."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    mentions: dict[str, int] = defaultdict(int)
    for r in rows_for(store, 'SELECT doc_id, start, "end", entity_id FROM mentions WHERE doc_id IN ({ids})'
                   " AND entity_id IS NOT NULL", doc_ids):
        spans[r[0]].append((r[1], r[2], r[3]))
        mentions[r[3]] += 1
    named: dict[str, dict[str, tuple[int, int]]] = {}
    for doc_id, found_in in spans.items():
        found_in.sort()
        named[doc_id] = {}
        for start, end, entity in found_in:
            named[doc_id].setdefault(entity, (start, end))
    kinds = ",".join("?" * len(ACTOR_KINDS))
    actors = {r[0]: {"id": r[0], "name": r[1], "kind": r[2], "mentions": mentions[r[0]]}
              for r in rows_for(store, f"SELECT id, name, kind FROM entities WHERE id IN ({{ids}}) AND kind IN ({kinds})",
                             sorted(mentions), ACTOR_KINDS)}
    published = {r[0]: r[1] for r in rows_for(store, "SELECT id, published FROM documents WHERE id IN ({ids})", doc_ids)}
    found: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(a: str, b: str, relation: str, evidence: dict[str, Any]) -> None:
        if a == b or a not in actors or b not in actors or relation not in w.relations:
            return
        key = relation_key(a, b, relation)
        edge = found.get(key)
        if edge is None:
            edge = found[key] = {"source": key[0], "target": key[1], "relation": relation, "count": 0, "first": None,
                                 "last": None, "evidence": []}
        edge["count"] += 1
        date = evidence.get("date")
        if date:
            edge["first"] = min(edge["first"] or date, date)
            edge["last"] = max(edge["last"] or date, date)
        if len(edge["evidence"]) < EVIDENCE_KEPT:
            edge["evidence"].append(evidence)

    if "co-mention" in w.relations:
        for doc_id, firsts in named.items():
            ids = sorted(a for a in firsts if a in actors)
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    if w.around and w.around not in (a, b):
                        continue                  # around one actor, only its own pairs are drawn
                    first = min(firsts[a], firsts[b])
                    add(a, b, "co-mention", {"doc_id": doc_id, "start": first[0], "end": first[1],
                                             "date": published[doc_id], "record": None})
    for r in rows_for(store, 'SELECT e.id, e.type, e.actors, e.targets, e.doc_id, e.start, e."end", e.date'
                   " FROM events e WHERE e.doc_id IN ({ids})", doc_ids):
        if r["type"] not in EVENT_RELATIONS:
            continue                              # filtered here: by type, SQL would read every event of the type
        for actor in json.loads(r["actors"] or "[]"):
            for target in json.loads(r["targets"] or "[]"):
                if actor.get("entity_id") and target.get("entity_id"):
                    add(actor["entity_id"], target["entity_id"], EVENT_RELATIONS[r["type"]],
                        {"doc_id": r["doc_id"], "start": r["start"], "end": r["end"],
                         "date": r["date"] or published.get(r["doc_id"]), "record": {"kind": "event", "id": r["id"]}})
    if "quote" in w.relations:
        for r in rows_for(store, 'SELECT id, doc_id, start, "end", speaker_entity_id FROM quotes WHERE doc_id IN ({ids})'
                       " AND speaker_entity_id IS NOT NULL", doc_ids):
            for start, end, entity in spans.get(r["doc_id"], ()):
                if start >= r["start"] and end <= r["end"]:
                    add(r["speaker_entity_id"], entity, "quote", {"doc_id": r["doc_id"], "start": r["start"],
                                                                  "end": r["end"], "date": published.get(r["doc_id"]),
                                                                  "record": {"kind": "quote", "id": r["id"]}})
    return actors, sorted(found.values(), key=lambda e: (e["source"], e["target"], e["relation"]))
