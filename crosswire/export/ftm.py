"""FollowTheMoney entities for Aleph, OpenSanctions-style tools and the `ftm` command line,
built with the `followthemoney` library and written one entity per line to
`crosswire.ftm.json` (what `ftm validate` and `alephclient write-entities` read).

- Actors: Person or Organization with every alias and their Wikidata id; named places
  (locations, facilities): Address, with coordinates when known.
- An actor's roles and affiliations in an organization: Membership.
- Each document: Article (title, text, outlet as publisher, URL, language, date).
- Each actor a document names: Mention (the words used, resolved to the actor); each place
  it names: Documentation linking the Article and the Address.
- Each quote with a known speaker: Documentation linking the speaker and the Article, with
  the quoted words as summary.
- Each event: Event (types and modality as keywords, its sentence as summary, actors and
  targets involved, its place, the reporting Articles as proof); each actor → target pair of
  an attack, threat, meeting or cooperation: UnknownLink with the relation as role.

Evidence spans (`doc_id:start-end`) are in each record's description and crosswire's id in
its recordId where the schema has one. Ids are crosswire's, prefixed by kind, so exporting
twice gives the same entities and Aleph merges them instead of doubling. Stories and links
between documents have no FollowTheMoney schema: the other formats carry them.

The library needs PyICU, which is built from source (ICU's headers and a C++ compiler), so
it is an optional extra: `pip install --require-hashes -r requirements-ftm.lock`."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from crosswire.errors import CrosswireError
from crosswire.export.evidence import event_sentence, span_ref
from crosswire.export.files import output_folder, replacing
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.relations import EVENT_RELATIONS
from crosswire.store.sql import SQLStore

FILE = "crosswire.ftm.json"
SCHEMAS = {"person": "Person", "organization": "Organization", "location": "Address", "facility": "Address"}
# An id FollowTheMoney accepts as it is; others are hashed.
_VALID_ID = re.compile(r"[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?")


def ftm_id(kind: str, crosswire_id: str) -> str:
    """The FollowTheMoney id of a crosswire record: the same on every export."""
    readable = f"crosswire-{kind}-{crosswire_id}"
    if _VALID_ID.fullmatch(readable):
        return readable
    return f"crosswire-{kind}-{hashlib.sha1(crosswire_id.encode()).hexdigest()[:20]}"


class _Writer:
    """Makes entities with the library's model and writes each as one line."""

    def __init__(self, handle: Any) -> None:
        try:
            from followthemoney import model
        except ImportError:
            raise CrosswireError("--format ftm", "needs the followthemoney library, an optional extra: "
                                 "pip install --require-hashes -r requirements-ftm.lock (it builds PyICU: "
                                 "install ICU's headers, e.g. Debian's libicu-dev, and a C++ compiler first)") from None
        self.model, self.handle, self.counts = model, handle, {}

    def write(self, schema: str, entity_id: str, **properties: Any) -> None:
        proxy = self.model.make_entity(schema)
        proxy.id = entity_id
        for name, values in properties.items():
            proxy.add(name, [v for v in (values if isinstance(values, list) else [values]) if v not in (None, "")])
        self.handle.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
        self.counts[schema] = self.counts.get(schema, 0) + 1


def _actors(w: _Writer, entities: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Every actor and place written; their FollowTheMoney id and schema by crosswire id."""
    refs = {e["id"]: (ftm_id("entity", e["id"]), SCHEMAS[e["kind"]]) for e in entities if e["kind"] in SCHEMAS}
    for e in entities:
        if e["id"] not in refs:
            continue
        entity_id, schema = refs[e["id"]]
        extra = ({"full": e["name"], "latitude": (e["location"] or {}).get("lat"),
                  "longitude": (e["location"] or {}).get("lon")} if schema == "Address"
                 else {"wikidataId": (e["ids"] or {}).get("wikidata")})
        w.write(schema, entity_id, name=e["name"], alias=e["aliases"], notes=f"crosswire: {e['id']} ({e['origin']})",
                **extra)
    for e in entities:
        ties = [(r.get("of"), r) for r in e["roles"] or []] + [(a.get("actor"), a) for a in e["affiliations"] or []]
        for other, tie in ties:
            if e["id"] in refs and refs.get(other, ("", ""))[1] == "Organization" and refs[e["id"]][1] != "Address":
                w.write("Membership", ftm_id("membership", f"{e['id']}.{other}.{tie.get('role')}"),
                        member=refs[e["id"]][0], organization=refs[other][0], role=tie.get("role"),
                        startDate=tie.get("start"), endDate=tie.get("end"))
    return refs


def _articles(w: _Writer, records: Iterator[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every document written as an Article; what provenance needs of each, by id."""
    documents = {}
    for d in records:
        documents[d["id"]] = {"ref": ftm_id("document", d["id"]), "url": d["url"], "outlet": d["outlet"],
                              "published": d["published"]}
        w.write("Article", documents[d["id"]]["ref"], title=d["title"], bodyText=d["text"], publishedAt=d["published"],
                publisher=d["outlet"], sourceUrl=d["url"], language=d["lang"], retrievedAt=d["ingested_at"],
                notes=f"crosswire document {d['id']}")
    return documents


def _provenance(doc: dict[str, Any]) -> dict[str, Any]:
    return {"sourceUrl": doc["url"], "publisher": doc["outlet"]}


def _mentions(w: _Writer, records: Iterator[dict[str, Any]], refs: dict[str, tuple[str, str]],
              documents: dict[str, dict[str, Any]]) -> None:
    for doc_id, found in groupby(records, key=lambda m: m["doc_id"]):
        named: dict[str, list[str]] = {}
        for m in found:
            if m["entity_id"] in refs:
                named.setdefault(m["entity_id"], [])
                if m["text"] not in named[m["entity_id"]]:
                    named[m["entity_id"]].append(m["text"])
        doc = documents[doc_id]
        for entity, words in named.items():
            ref, schema = refs[entity]
            if schema == "Address":
                w.write("Documentation", ftm_id("named", f"{doc_id}.{entity}"), document=doc["ref"], entity=ref,
                        role="place named", summary=words, date=doc["published"], **_provenance(doc))
            else:
                w.write("Mention", ftm_id("mention", f"{doc_id}.{entity}"), document=doc["ref"], resolved=ref,
                        name=words, detectedSchema=schema)


def _quotes(w: _Writer, records: Iterator[dict[str, Any]], refs: dict[str, tuple[str, str]],
            documents: dict[str, dict[str, Any]]) -> None:
    for q in records:
        if q["speaker_entity_id"] not in refs:
            continue                              # Documentation needs an entity: unattributed quotes stay out
        doc = documents[q["doc_id"]]
        w.write("Documentation", ftm_id("quote", q["id"]), document=doc["ref"], entity=refs[q["speaker_entity_id"]][0],
                role=f"quoted ({q['kind']})" + (f" via {q['via']}" if q["via"] else ""), summary=q["text"],
                description=span_ref(q["doc_id"], q["start"], q["end"]), recordId=q["id"], date=doc["published"],
                **_provenance(doc))


def _events(w: _Writer, store: SQLStore, records: Iterator[dict[str, Any]], refs: dict[str, tuple[str, str]],
            documents: dict[str, dict[str, Any]]) -> None:
    for e in records:
        place = e["location"] or {}
        reports = [v for v in e["evidence"] if v["doc_id"] in documents]
        sentence = event_sentence(store, e)
        common = {"date": e["date"], "summary": sentence, "recordId": e["id"],
                  "proof": list(dict.fromkeys(documents[v["doc_id"]]["ref"] for v in reports)),
                  "sourceUrl": list(dict.fromkeys(documents[v["doc_id"]]["url"] for v in reports)),
                  "publisher": list(dict.fromkeys(documents[v["doc_id"]]["outlet"] for v in reports)),
                  "description": "evidence: " + ", ".join(span_ref(v["doc_id"], v["start"], v["end"]) for v in reports)}
        involved = [refs[a][0] for a in dict.fromkeys(e["actors"] + e["targets"]) if refs.get(a, ("", "Address"))[1] != "Address"]
        w.write("Event", ftm_id("event", e["id"]), **common,
                name=f"{e['type']} ({e['modality']})" + (f" at {place['name']}" if place.get("name") else ""),
                keywords=[e["type"], e["modality"], e["mode"], e["acled_event_type"], e["acled_sub_event_type"]],
                notes=[f"{name}: {count['value']}" for name, count in sorted((e["counts"] or {}).items())],
                involved=involved, location=", ".join(dict.fromkeys(p for p in (place.get("name"), place.get("admin1"), place.get("country")) if p)),
                addressEntity=refs.get(place.get("entity_id") or "", ("", ""))[0], country=place.get("country"))
        relation = EVENT_RELATIONS.get(e["type"])
        for actor in dict.fromkeys(e["actors"]):
            for target in dict.fromkeys(e["targets"]):
                if relation and actor != target and actor in refs and target in refs:
                    w.write("UnknownLink", ftm_id("link", f"{e['id']}.{actor}.{target}"), **common,
                            subject=refs[actor][0], object=refs[target][0], role=f"{relation} ({e['modality']})")


def export_ftm(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write `crosswire.ftm.json`, one FollowTheMoney entity per line, replaced atomically."""
    folder = output_folder(out)
    docs = selected_documents(store, selection)
    with replacing(folder, FILE) as handle:
        w = _Writer(handle)
        refs = _actors(w, list(selected_records(store, "entities", docs)))
        documents = _articles(w, selected_records(store, "documents", docs))
        _mentions(w, selected_records(store, "mentions", docs), refs, documents)
        _quotes(w, selected_records(store, "quotes", docs), refs, documents)
        _events(w, store, selected_records(store, "events", docs), refs, documents)
    return w.counts
