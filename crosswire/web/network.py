"""The actor network laid out for an SVG drawing: the relations of crosswire/relations.py
among the latest documents of a window, the most mentioned actors kept, each edge with its
evidence."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from crosswire.relations import RELATIONS, Window, edges, relation_key
from crosswire.store.sql import SQLStore

# Actors drawn at most, the most mentioned first: a network past this reads as a hairball.
MOST_NODES = 40
# Documents a network is read from, the latest of its window: a page's cost does not grow
# with the store; narrowing the dates reaches earlier documents.
DOCUMENTS_READ = 1000
# The same for the network around one actor (its profile page).
AROUND_READ = 150


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
    key = relation_key(a, b, relation)
    edge = next((e for e in all_edges if (e["source"], e["target"], e["relation"]) == key), None)
    if edge is None:
        return {"source": a, "target": b, "relation": relation, "count": 0, "evidence": []}
    for item in edge["evidence"]:
        row = store.conn.execute("SELECT title, lang, substr(text, ? + 1, ? - ?) AS words FROM documents WHERE id = ?",
                                 (item["start"], item["end"], item["start"], item["doc_id"])).fetchone()
        item.update(title=row["title"], lang=row["lang"], words=row["words"])
    names = dict(store.conn.execute("SELECT id, name FROM entities WHERE id IN (?, ?)", (a, b)).fetchall())
    return {**edge, "source_name": names.get(edge["source"]), "target_name": names.get(edge["target"])}
