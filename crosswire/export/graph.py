"""The actor network as GEXF (Gephi) and GraphML: actors as nodes (kind, aliases, mention
counts), one edge per pair and relation (co-mention, meeting, attack, threat, cooperation,
quote) with its count, first and last dates and evidence. The GEXF is dynamic: nodes and
edges carry their time spans, so Gephi's timeline plays the network over time.

The relations are crosswire/relations.py's, the web app's network, read over every selected
document a chunk at a time, so memory holds the graph, not the corpus."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from crosswire.export.files import output_folder, replacing
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.relations import EVIDENCE_KEPT, Window, edges
from crosswire.store.sql import SQLStore

# Documents whose relations are read at once.
DOCUMENTS_PER_READ = 500


def _day(date: str | None) -> str | None:
    """A date Gephi reads (xsd:date): a month or a year stands for its first day."""
    if not date:
        return None
    parts = date[:10].split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _all_doc_ids(store: SQLStore, docs: set[str] | None) -> list[str]:
    if docs is not None:
        return sorted(docs)
    return [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY id")]


def relations(store: SQLStore, docs: set[str] | None) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Every actor and relation among the documents, merged over chunks of them."""
    actors: dict[str, dict[str, Any]] = {}
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    ids = _all_doc_ids(store, docs)
    for start in range(0, len(ids), DOCUMENTS_PER_READ):
        chunk_actors, chunk_edges = edges(store, Window(), ids[start:start + DOCUMENTS_PER_READ])
        for actor_id, actor in chunk_actors.items():
            if actor_id in actors:
                actors[actor_id]["mentions"] += actor["mentions"]
            else:
                actors[actor_id] = dict(actor)
        for edge in chunk_edges:
            key = (edge["source"], edge["target"], edge["relation"])
            held = found.setdefault(key, {**edge, "count": 0, "first": None, "last": None, "evidence": []})
            held["count"] += edge["count"]
            held["first"] = min(filter(None, (held["first"], edge["first"])), default=None)
            held["last"] = max(filter(None, (held["last"], edge["last"])), default=None)
            held["evidence"] = (held["evidence"] + edge["evidence"])[:EVIDENCE_KEPT]
    return actors, sorted(found.values(), key=lambda e: (e["source"], e["target"], e["relation"]))


def actor_graph(store: SQLStore, selection: Selection = Selection()) -> nx.MultiDiGraph:
    """The network as a graph: edges go from actor to target (or from speaker to the actor
    the quote names); co-mention has no direction (`directed` false), as readers of a
    directed multigraph cannot mix edge types."""
    docs = selected_documents(store, selection)
    actors, found = relations(store, docs)
    linked = {e["source"] for e in found} | {e["target"] for e in found}
    aliases = {r["id"]: r["aliases"] for r in selected_records(store, "entities", docs) if r["id"] in linked}
    graph = nx.MultiDiGraph(mode="dynamic")
    for edge in found:
        first, last = _day(edge["first"]), _day(edge["last"])
        graph.add_edge(edge["source"], edge["target"], key=edge["relation"], relation=edge["relation"],
                       directed=edge["relation"] != "co-mention", label=edge["relation"],
                       weight=float(edge["count"]), count=edge["count"],
                       doc_ids=" ".join(dict.fromkeys(e["doc_id"] for e in edge["evidence"])),
                       evidence=" ".join(f"{e['doc_id']}:{e['start']}-{e['end']}" for e in edge["evidence"]),
                       records=" ".join(f"{e['record']['kind']}:{e['record']['id']}" for e in edge["evidence"] if e["record"]),
                       **({"start": first} if first else {}), **({"end": last} if last else {}),
                       **({"first": edge["first"]} if edge["first"] else {}),
                       **({"last": edge["last"]} if edge["last"] else {}))
    for actor_id in graph.nodes:
        actor = actors[actor_id]
        spans = [d for _, _, d in graph.edges(actor_id, data=True)] + [d for _, _, d in graph.in_edges(actor_id, data=True)]
        starts, ends = [d["start"] for d in spans if "start" in d], [d["end"] for d in spans if "end" in d]
        graph.nodes[actor_id].update(label=actor["name"], kind=actor["kind"], mentions=actor["mentions"],
                                     aliases="; ".join(aliases.get(actor_id, [])),
                                     **({"start": min(starts)} if starts else {}), **({"end": max(ends)} if ends else {}))
    return graph


def _static(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML has no dynamic mode: the time spans stay as plain attributes."""
    flat = graph.copy()
    flat.graph.pop("mode", None)
    return flat


def _writer(name: str, write: Callable[[nx.MultiDiGraph, Any], None], prepared: Callable[[nx.MultiDiGraph], nx.MultiDiGraph]
            ) -> Callable[[SQLStore, Path, Selection], dict[str, int]]:
    def export(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
        graph = actor_graph(store, selection)
        with replacing(output_folder(out), name, binary=True) as handle:
            write(prepared(graph), handle)
        return {"actors": graph.number_of_nodes(), "relations": graph.number_of_edges()}
    export.__doc__ = f"Write the actor network as `{name}`, replaced atomically."
    return export


export_gexf = _writer("network.gexf", nx.write_gexf, lambda graph: graph)
export_graphml = _writer("network.graphml", nx.write_graphml, _static)
