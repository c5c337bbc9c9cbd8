"""STIX 2.1 bundle for threat-intelligence platforms (OpenCTI, MISP), built with the `stix2`
library and streamed to the file one object at a time.

- Actors: a person or organization that attacks or threatens in some event is a
  threat-actor; the others are identities (individual, organization); both with aliases.
  Places with coordinates are location objects.
- Each document is a report (its outlet, URL and title), referring to what it names.
- Each quote is a note on its document and its speaker, with the quoted words.
- Each event is a report of its own (its PLOVER and ACLED types, modality and counts in
  its labels), and each actor → target pair of it a relationship with the same labels.
- Every object points back to its article (URL) and span (`doc_id:start-end`).

Identifiers are UUIDv5 over crosswire's ids, and timestamps come from the records, so
exporting twice gives the same bundle and a platform deduplicates instead of doubling."""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import stix2

from crosswire.export.evidence import event_sentence, span_ref
from crosswire.export.files import output_folder, replacing
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.relations import ACTOR_KINDS, EVENT_RELATIONS
from crosswire.store.sql import SQLStore

# The namespace of crosswire's STIX identifiers (a UUIDv5 of the project's name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/crosswire/crosswire#stix")
SOURCE = "crosswire"
# Relation (crosswire/relations.py) → STIX relationship type.
RELATIONSHIP_TYPES = {"attack": "targets", "threat": "targets", "meeting": "related-to", "cooperation": "related-to"}
HOSTILE = {"attack", "threat"}
_EPOCH = "1970-01-01T00:00:00Z"


def stix_id(kind: str, crosswire_id: str) -> str:
    """The STIX id of a crosswire record: the same on every export."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{crosswire_id}')}"


def _timestamp(date: str | None, fallback: str = _EPOCH) -> datetime:
    """A STIX timestamp from a date or time as precise as known (a month is its first day)."""
    if not date:
        date = fallback
    if "T" not in date:
        parts = date[:10].split("-")
        date = "-".join(parts + ["01"] * (3 - len(parts))) + "T00:00:00Z"
    when = datetime.fromisoformat(date.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _reference(doc: dict[str, Any], span: tuple[int, int] | None = None) -> dict[str, Any]:
    """An external reference back to the article (and the span of the evidence)."""
    ref: dict[str, Any] = {"source_name": doc.get("outlet") or SOURCE,
                           "external_id": span_ref(doc["id"], *span) if span else doc["id"]}
    if doc.get("url"):
        ref["url"] = doc["url"]
    if doc.get("title"):
        ref["description"] = doc["title"]
    return ref


def _hostile_actors(store: SQLStore, docs: set[str] | None) -> set[str]:
    hostile: set[str] = set()
    for event in selected_records(store, "events", docs):
        if EVENT_RELATIONS.get(event["type"]) in HOSTILE and event["modality"] != "denied":
            hostile.update(event["actors"])
    return hostile


def _actors(store: SQLStore, docs: set[str] | None, since: datetime) -> tuple[Iterator[Any], dict[str, str]]:
    hostile = _hostile_actors(store, docs)
    entities = [e for e in selected_records(store, "entities", docs)]
    refs: dict[str, str] = {}
    for e in entities:
        if e["kind"] in ACTOR_KINDS:
            refs[e["id"]] = stix_id("threat-actor" if e["id"] in hostile else "identity", e["id"])
        elif (e.get("location") or {}).get("lat") is not None:
            refs[e["id"]] = stix_id("location", e["id"])

    def objects() -> Iterator[Any]:
        for e in entities:
            if e["id"] not in refs:
                continue
            common = {"id": refs[e["id"]], "name": e["name"], "created": since, "modified": since,
                      "external_references": [{"source_name": SOURCE, "external_id": e["id"]}] +
                      [{"source_name": k, "external_id": str(v)} for k, v in sorted((e.get("ids") or {}).items())]}
            if refs[e["id"]].startswith("threat-actor"):
                yield stix2.ThreatActor(**common, aliases=e["aliases"] or None,
                                        resource_level="individual" if e["kind"] == "person" else None)
            elif refs[e["id"]].startswith("identity"):
                yield stix2.Identity(**common, identity_class="individual" if e["kind"] == "person" else "organization",
                                     x_opencti_aliases=e["aliases"] or None, allow_custom=True)
            else:
                yield stix2.Location(**common, latitude=e["location"]["lat"], longitude=e["location"]["lon"])
    return objects(), refs


def _document_reports(store: SQLStore, docs: set[str] | None, refs: dict[str, str]) -> Iterator[Any]:
    for doc in selected_records(store, "documents", docs):
        named = [refs[r[0]] for r in store.conn.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE doc_id = ? ORDER BY entity_id", (doc["id"],)) if r[0] in refs]
        created = _timestamp(doc["ingested_at"])
        yield stix2.Report(id=stix_id("report", doc["id"]), name=doc["title"] or doc["id"], created=created, modified=created,
                           published=_timestamp(doc["published"], doc["ingested_at"] or _EPOCH), report_types=["threat-report"],
                           object_refs=named or [stix_id("identity", SOURCE)], lang=doc["lang"] or None,
                           labels=[f"outlet:{doc['outlet']}"] if doc["outlet"] else None,
                           description=(doc["text"] or "")[:500] or None, external_references=[_reference(doc)])


def _quote_notes(store: SQLStore, docs: set[str] | None, refs: dict[str, str], documents: dict[str, dict[str, Any]]
                 ) -> Iterator[Any]:
    for q in selected_records(store, "quotes", docs):
        doc = documents[q["doc_id"]]
        speaker = refs.get(q["speaker_entity_id"] or "")
        created = _timestamp(doc["ingested_at"])
        yield stix2.Note(id=stix_id("note", q["id"]), created=created, modified=created, content=q["text"],
                         abstract=f"{q['kind']} quote", authors=[q["speaker_entity_id"]] if q["speaker_entity_id"] else None,
                         object_refs=[stix_id("report", q["doc_id"]), *([speaker] if speaker else [])],
                         labels=[f"quote:{q['kind']}", *([f"via:{q['via']}"] if q["via"] else [])],
                         external_references=[_reference(doc, (q["start"], q["end"]))])


def _event_objects(store: SQLStore, docs: set[str] | None, refs: dict[str, str], documents: dict[str, dict[str, Any]]
                   ) -> Iterator[Any]:
    for e in selected_records(store, "events", docs):
        doc = documents[e["doc_id"]]
        created = _timestamp(doc["ingested_at"])
        labels = [f"plover:{e['type']}", f"modality:{e['modality']}",
                  *([f"acled:{e['acled_event_type']}"] if e["acled_event_type"] else []),
                  *([f"acled-sub:{e['acled_sub_event_type']}"] if e["acled_sub_event_type"] else []),
                  *(f"{name}:{count['value']}" for name, count in sorted((e["counts"] or {}).items()))]
        evidence = [_reference(documents[v["doc_id"]], (v["start"], v["end"])) for v in e["evidence"] if v["doc_id"] in documents]
        place = e["location"] or {}
        involved = [refs[a] for a in dict.fromkeys(e["actors"] + e["targets"]) if a in refs]
        if refs.get(place.get("entity_id") or ""):
            involved.append(refs[place["entity_id"]])
        words = event_sentence(store, e)
        yield stix2.Report(id=stix_id("report", f"event:{e['id']}"), created=created, modified=created,
                           name=f"{e['type']} ({e['modality']}){' at ' + place['name'] if place.get('name') else ''}",
                           published=_timestamp(e["date"] or doc["published"], doc["ingested_at"] or _EPOCH), report_types=["threat-report"],
                           labels=labels, description=words,
                           object_refs=involved or [stix_id("report", e["doc_id"])], external_references=evidence)
        relation = EVENT_RELATIONS.get(e["type"])
        for actor in dict.fromkeys(e["actors"]):
            for target in dict.fromkeys(e["targets"]):
                if relation and actor != target and actor in refs and target in refs:
                    yield stix2.Relationship(id=stix_id("relationship", f"{e['id']}:{actor}:{target}"), created=created,
                                             modified=created, relationship_type=RELATIONSHIP_TYPES[relation],
                                             source_ref=refs[actor], target_ref=refs[target], labels=labels,
                                             description=words, external_references=evidence, allow_custom=True)


def export_stix(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write `crosswire.stix.json`, one STIX 2.1 bundle, replaced atomically."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    documents = {d["id"]: {k: d[k] for k in ("id", "title", "outlet", "url", "ingested_at", "published")}
                 for d in selected_records(store, "documents", docs)}
    since = _timestamp(min((d["ingested_at"] for d in documents.values() if d["ingested_at"]), default=_EPOCH))
    actors, refs = _actors(store, docs, since)
    counts: dict[str, int] = {}
    with replacing(folder, "crosswire.stix.json") as handle:
        handle.write(json.dumps({"type": "bundle", "id": stix_id("bundle", ",".join(sorted(documents)))})[:-1]
                     + ', "objects": [\n')
        source = stix2.Identity(id=stix_id("identity", SOURCE), name=SOURCE, identity_class="system",
                                created=_timestamp(_EPOCH), modified=_timestamp(_EPOCH), description="crosswire: evidence-linked knowledge base of news")
        first = True
        for group in ([source], actors, _document_reports(store, docs, refs), _quote_notes(store, docs, refs, documents),
                      _event_objects(store, docs, refs, documents)):
            for obj in group:
                handle.write(("" if first else ",\n") + obj.serialize())
                first = False
                counts[obj["type"]] = counts.get(obj["type"], 0) + 1
        handle.write("\n]}\n")
    return counts
