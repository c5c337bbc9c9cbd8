"""The actor network: who is named with, meets, attacks, threatens, cooperates with and
speaks of whom, each edge with its evidence, laid out for an SVG drawing.

Relations come from the stored records, never from a second analysis: co-mention from
mentions in one document; meeting, attack, threat and cooperation from events (actor →
target, by PLOVER type); quote from a quote whose words name another actor (speaker →
that actor)."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from crosswire.store.queries import CHUNK
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


def _key(a: str, b: str, relation: str) -> tuple[str, str, str]:
    """Co-mention has no direction: its pair is kept in one order."""
    return (min(a, b), max(a, b), relation) if relation == "co-mention" else (a, b, relation)


def scope(store: SQLStore, w: Window) -> tuple[list[str], int]:
    """The documents the network is read from: the latest DOCUMENTS_READ of the window (the
    latest AROUND_READ that name `w.around`, when set), so a page costs the same on any size
    of store; and how many the window holds in all."""
    dated, params = w.dated("d.published")
    if w.around:
        inside = (f"FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ?{dated}", [w.around, *params])
        total = store.conn.execute(f"SELECT count(DISTINCT m.doc_id) {inside[0]}", inside[1]).fetchone()[0]
        ids = [r[0] for r in store.conn.execute(
            f"SELECT m.doc_id {inside[0]} GROUP BY m.doc_id ORDER BY max(d.published) DESC, m.doc_id LIMIT ?",
            (*inside[1], AROUND_READ))]
    else:
        where = f"FROM documents d WHERE 1 = 1{dated}"
        total = store.conn.execute(f"SELECT count(*) {where}", params).fetchone()[0]
        ids = [r[0] for r in store.conn.execute(
            f"SELECT d.id {where} ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC LIMIT ?", (*params, DOCUMENTS_READ))]
    return ids, total


def _rows(store: SQLStore, sql: str, doc_ids: list[str], params: tuple[Any, ...] = ()) -> Iterator[Any]:
    """`sql`'s rows for the documents, `sql` holding `{ids}` where the id list goes."""
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start:start + CHUNK]
        yield from store.conn.execute(sql.format(ids=",".join("?" * len(chunk))), (*chunk, *params))


def edges(store: SQLStore, w: Window, doc_ids: list[str]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The actors (mention counts) and the edges among the documents, each edge with its
    count, first and last date, and evidence (document, span, date)."""
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    mentions: dict[str, int] = defaultdict(int)
    for r in _rows(store, 'SELECT doc_id, start, "end", entity_id FROM mentions WHERE doc_id IN ({ids})'
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
              for r in _rows(store, f"SELECT id, name, kind FROM entities WHERE id IN ({{ids}}) AND kind IN ({kinds})",
                             sorted(mentions), ACTOR_KINDS)}
    published = {r[0]: r[1] for r in _rows(store, "SELECT id, published FROM documents WHERE id IN ({ids})", doc_ids)}
    found: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(a: str, b: str, relation: str, evidence: dict[str, Any]) -> None:
        if a == b or a not in actors or b not in actors or relation not in w.relations:
            return
        key = _key(a, b, relation)
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
    for r in _rows(store, 'SELECT e.id, e.type, e.actors, e.targets, e.doc_id, e.start, e."end", e.date'
                   " FROM events e WHERE e.doc_id IN ({ids})", doc_ids):
        if r["type"] not in EVENT_RELATIONS:
            continue                              # filtered here: by type, SQL would read every event of the type
        for actor in json.loads(r["actors"] or "[]"):
            for target in json.loads(r["targets"] or "[]"):
                if actor.get("entity_id") and target.get("entity_id"):
                    add(actor["entity_id"], target["entity_id"], EVENT_RELATIONS[r["type"]],
                        {"doc_id": r["doc_id"], "start": r["start"], "end": r["end"],
                         "date": r["date"] or published.get(r["doc_id"]), "record": f"/events/{r['id']}"})
    if "quote" in w.relations:
        for r in _rows(store, 'SELECT id, doc_id, start, "end", speaker_entity_id FROM quotes WHERE doc_id IN ({ids})'
                       " AND speaker_entity_id IS NOT NULL", doc_ids):
            for start, end, entity in spans.get(r["doc_id"], ()):
                if start >= r["start"] and end <= r["end"]:
                    add(r["speaker_entity_id"], entity, "quote", {"doc_id": r["doc_id"], "start": r["start"],
                                                                  "end": r["end"], "date": published.get(r["doc_id"]),
                                                                  "record": f"/quotes/{r['id']}"})
    return actors, sorted(found.values(), key=lambda e: (e["source"], e["target"], e["relation"]))


def _fitted(positions: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Layout positions stretched to fill the 1000 × 700 frame, with room for labels."""
    xs, ys = [float(p[0]) for p in positions.values()], [float(p[1]) for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {a: (round(80 + 840 * (float(p[0]) - min(xs)) / span_x, 1), round(50 + 610 * (float(p[1]) - min(ys)) / span_y, 1))
            for a, p in positions.items()}


def network(store: SQLStore, w: Window, documents: tuple[list[str], int] | None = None) -> dict[str, Any]:
    """Nodes and edges to draw: the most mentioned actors that have an edge (or the
    neighbours of `w.around`), with positions in a 1000 × 700 frame. `documents`: the
    documents to read and how many the window holds, when the caller has them (`scope`)."""
    doc_ids, in_window = documents or scope(store, w)
    actors, all_edges = edges(store, w, doc_ids)
    if w.around:
        all_edges = [e for e in all_edges if w.around in (e["source"], e["target"])]
    degree: dict[str, int] = defaultdict(int)
    for e in all_edges:
        degree[e["source"]] += e["count"]
        degree[e["target"]] += e["count"]
    ranked = sorted(degree, key=lambda a: (a != w.around, -actors[a]["mentions"], a))[:MOST_NODES]
    keep = set(ranked)
    shown = [e for e in all_edges if e["source"] in keep and e["target"] in keep]
    graph = nx.Graph()
    graph.add_nodes_from(ranked)
    graph.add_weighted_edges_from((e["source"], e["target"], e["count"]) for e in shown)
    positions = _fitted(nx.spring_layout(graph, k=2.5 / max(len(ranked), 1) ** 0.5, seed=7, iterations=200)) if ranked else {}
    nodes = [{**actors[a], "degree": degree[a], "x": positions[a][0], "y": positions[a][1]} for a in ranked]
    at = {n["id"]: n for n in nodes}
    for e in shown:
        e.update(x1=at[e["source"]]["x"], y1=at[e["source"]]["y"], x2=at[e["target"]]["x"], y2=at[e["target"]]["y"])
    return {"nodes": nodes, "edges": sorted(shown, key=lambda e: (-e["count"], e["relation"], e["source"], e["target"])),
            "relations": list(RELATIONS), "documents_read": len(doc_ids), "documents_in_window": in_window,
            "window": {"since": w.since, "until": w.until, "relations": list(w.relations), "around": w.around}}


def edge_evidence(store: SQLStore, a: str, b: str, relation: str, w: Window) -> dict[str, Any]:
    """One edge with the sentence of each piece of evidence."""
    window = Window(w.since, w.until, (relation,), a)
    _, all_edges = edges(store, window, scope(store, window)[0])
    key = _key(a, b, relation)
    edge = next((e for e in all_edges if (e["source"], e["target"], e["relation"]) == key), None)
    if edge is None:
        return {"source": a, "target": b, "relation": relation, "count": 0, "evidence": []}
    for item in edge["evidence"]:
        row = store.conn.execute("SELECT title, lang, substr(text, ? + 1, ? - ?) AS words FROM documents WHERE id = ?",
                                 (item["start"], item["end"], item["start"], item["doc_id"])).fetchone()
        item.update(title=row["title"], lang=row["lang"], words=row["words"])
    names = dict(store.conn.execute("SELECT id, name FROM entities WHERE id IN (?, ?)", (a, b)).fetchall())
    return {**edge, "source_name": names.get(edge["source"]), "target_name": names.get(edge["target"])}
