"""Neo4j bulk-import CSV: node and relationship files with `neo4j-admin database import`
headers (`:ID(group)`, `:LABEL`, `:START_ID(group)`, `:END_ID(group)`, `:TYPE`, typed
properties, `;` between the items of an array), and the import command in a README.

Nodes: Document, Actor (with Person, Organization, Location… as a second label), Quote,
Event, Story. Relationships: MENTIONS, SAID, QUOTED_IN, REPORTED_IN, ACTED_IN, TARGETED_IN,
IN_STORY, LINKED (translation, near duplicate, same story). Each relationship holds the
span of its evidence in the document's text."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from crosswire.export.files import output_folder, replacing
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.store.sql import SQLStore

ARRAY = ";"
# Each file's header: property names with their Neo4j types.
HEADERS = {
    "documents": ["id:ID(Document)", "title", "lang", "published", "published_precision", "outlet", "relayed_from", "url",
                  "sources:string[]", "text", ":LABEL"],
    "actors": ["id:ID(Actor)", "name", "kind", "aliases:string[]", "origin", "wikidata", ":LABEL"],
    "quotes": ["id:ID(Quote)", "text", "kind", "doc_id", "start:int", "end:int", "group_id", "via", ":LABEL"],
    "events": ["id:ID(Event)", "type", "acled_event_type", "acled_sub_event_type", "modality", "date", "date_precision",
               "location", "latitude:double", "longitude:double", "fatalities:int", "group_id", "doc_id", ":LABEL"],
    "stories": ["id:ID(Story)", "title", ":LABEL"],
    "mentions": [":START_ID(Document)", ":END_ID(Actor)", "start:int", "end:int", "text", "method", ":TYPE"],
    "said": [":START_ID(Actor)", ":END_ID(Quote)", ":TYPE"],
    "quoted_in": [":START_ID(Quote)", ":END_ID(Document)", "start:int", "end:int", ":TYPE"],
    "reported_in": [":START_ID(Event)", ":END_ID(Document)", "start:int", "end:int", ":TYPE"],
    "acted_in": [":START_ID(Actor)", ":END_ID(Event)", ":TYPE"],
    "targeted_in": [":START_ID(Actor)", ":END_ID(Event)", ":TYPE"],
    "in_story": [":START_ID(Document)", ":END_ID(Story)", ":TYPE"],
    "linked": [":START_ID(Document)", ":END_ID(Document)", "kind", "score:double", ":TYPE"],
}
NODES = ("documents", "actors", "quotes", "events", "stories")


def _array(items: list[Any]) -> str:
    return ARRAY.join(str(i).replace(ARRAY, ",") for i in items)


def _label(kind: str | None) -> str:
    return "Actor" + (f";{kind.capitalize()}" if kind else "")


class _Files:
    """One CSV writer per file, and the rows each holds."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(HEADERS, 0)
        self.writers: dict[str, Any] = {}

    def open(self, name: str, handle: IO[str]) -> None:
        self.writers[name] = csv.writer(handle)
        self.writers[name].writerow(HEADERS[name])

    def row(self, name: str, *cells: Any) -> None:
        self.writers[name].writerow(["" if c is None else c for c in cells])
        self.counts[name] += 1


def _documents(files: _Files, records: Iterator[dict[str, Any]]) -> set[str]:
    written = set()
    for d in records:
        written.add(d["id"])
        files.row("documents", d["id"], d["title"], d["lang"], d["published"], d["published_precision"], d["outlet"],
                  d["relayed_from"], d["url"], _array(d["sources"]), d["text"], "Document")
    return written


def _actors(files: _Files, records: Iterator[dict[str, Any]]) -> set[str]:
    known = set()
    for e in records:
        known.add(e["id"])
        files.row("actors", e["id"], e["name"], e["kind"], _array(e["aliases"]), e["origin"],
                  (e["ids"] or {}).get("wikidata"), _label(e["kind"]))
    return known


def export_neo4j(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write the node and relationship files and a README with the import command; each
    file replaced atomically."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    files = _Files()
    with ExitStack() as stack:                     # every file moved into place only if all were written
        for name in HEADERS:
            files.open(name, stack.enter_context(replacing(folder, f"{name}.csv", newline="")))
        written = _documents(files, selected_records(store, "documents", docs))
        actors = _actors(files, selected_records(store, "entities", docs))
        for m in selected_records(store, "mentions", docs):
            if m["entity_id"] in actors:
                files.row("mentions", m["doc_id"], m["entity_id"], m["start"], m["end"], m["text"], m["method"], "MENTIONS")
        for q in selected_records(store, "quotes", docs):
            files.row("quotes", q["id"], q["text"], q["kind"], q["doc_id"], q["start"], q["end"], q["group_id"], q["via"],
                      "Quote")
            files.row("quoted_in", q["id"], q["doc_id"], q["start"], q["end"], "QUOTED_IN")
            if q["speaker_entity_id"] in actors:
                files.row("said", q["speaker_entity_id"], q["id"], "SAID")
        for e in selected_records(store, "events", docs):
            place = e["location"] or {}
            deaths = (e["counts"] or {}).get("fatalities", {}).get("value")
            deaths = None if deaths is None else int(deaths)
            files.row("events", e["id"], e["type"], e["acled_event_type"], e["acled_sub_event_type"], e["modality"],
                      e["date"], e["date_precision"], place.get("name"), place.get("lat"), place.get("lon"), deaths,
                      e["group_id"], e["doc_id"], "Event")
            for evidence in (v for v in e["evidence"] if v["doc_id"] in written):
                files.row("reported_in", e["id"], evidence["doc_id"], evidence["start"], evidence["end"], "REPORTED_IN")
            for name, ids, type_ in (("acted_in", e["actors"], "ACTED_IN"), ("targeted_in", e["targets"], "TARGETED_IN")):
                for actor in dict.fromkeys(ids):
                    if actor in actors:
                        files.row(name, actor, e["id"], type_)
        for s in selected_records(store, "stories", docs):
            files.row("stories", s["id"], s["title"], "Story")
            for doc_id in s["doc_ids"]:
                files.row("in_story", doc_id, s["id"], "IN_STORY")
        for link in selected_records(store, "links", docs):
            files.row("linked", link["a"], link["b"], link["kind"], link["score"], "LINKED")
    with replacing(folder, "README.md") as handle:
        handle.write(_readme())
    return files.counts


def _readme() -> str:
    nodes = " ".join(f"--nodes={name}.csv" for name in NODES)
    relationships = " ".join(f"--relationships={name}.csv" for name in HEADERS if name not in NODES)
    return ("# crosswire knowledge base for Neo4j\n\n"
            "Node files: " + ", ".join(f"`{n}.csv`" for n in NODES) + "; the others are relationships. Spans (`start`,"
            " `end`) are character offsets into the document's `text`. Import into a new database (document text"
            " spans several lines, hence `--multiline-fields`):\n\n"
            f"    neo4j-admin database import full --array-delimiter=';' --multiline-fields=true {nodes} {relationships}"
            " neo4j\n")
