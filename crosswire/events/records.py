"""Events in their two shapes: the Arrow record stages exchange (`columns.EVENT`, every
field typed, spans as SPAN records, counts as a list) and the JSON the tables keep and the
export contract shows (spans as pairs, counts keyed by name, keys only where they apply).

The extractor works on the JSON shape; `event_record` types its output, `event_json` and
the `*_json` helpers turn a record back for the tables, `event_from_row` reads a table row."""
from __future__ import annotations

import json
from typing import Any

from crosswire.columns import EVENT_EVIDENCE, PARTY, PLACE, pair, span

# A party's keys that exist only for some parties: a pronoun's antecedent, the method of a
# mention (a place made a target has none).
_PARTY_OPTIONAL = ("antecedent", "method")
# The keys a place made a target brings with it: all present, or none.
_PARTY_PLACE = ("name", "country", "admin1", "lat", "lon")


def party_record(party: dict[str, Any]) -> dict[str, Any]:
    return {**{k: party.get(k) for k in PARTY.names}, "antecedent": span(party.get("antecedent"))}


def party_json(record: dict[str, Any]) -> dict[str, Any]:
    found = {**record, "antecedent": pair(record["antecedent"])}
    dropped = {k for k in _PARTY_OPTIONAL if found[k] is None} | (set(_PARTY_PLACE) if found["name"] is None else set())
    return {k: v for k, v in found.items() if k not in dropped}


def place_record(place: dict[str, Any] | None) -> dict[str, Any] | None:
    return {k: place.get(k) for k in PLACE.names} if place else None


def counts_record(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [{"key": key, **found} for key, found in counts.items()]


def counts_json(records: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {c["key"]: {"value": c["value"], "start": c["start"], "end": c["end"]} for c in records}


def evidence_record(evidence: dict[str, Any]) -> dict[str, Any]:
    date = evidence.get("date")
    happening = evidence.get("happening")
    return {**{k: evidence.get(k) for k in EVENT_EVIDENCE.names},
            "triggers": [span(t) for t in evidence["triggers"]], "modality": span(evidence.get("modality")),
            "date": span(date) if isinstance(date, list) else None,
            "happening": {**happening, "sentences": [span(s) for s in happening["sentences"]]} if happening else None}


def evidence_json(record: dict[str, Any]) -> dict[str, Any]:
    """The evidence as the export shows it: an undated event's date is "published", the
    happening only on the event that stands for one."""
    happening = record["happening"]
    found = {**record, "triggers": [pair(t) for t in record["triggers"]], "modality": pair(record["modality"]),
             "date": pair(record["date"]) or "published",
             "happening": {**happening, "sentences": [pair(s) for s in happening["sentences"]]} if happening else None}
    return {k: v for k, v in found.items() if k != "happening" or v is not None}


def event_record(event: dict[str, Any]) -> dict[str, Any]:
    """An event as the extractor builds it, as its Arrow record."""
    return {**event, "actors": [party_record(p) for p in event["actors"]], "targets": [party_record(p) for p in event["targets"]],
            "location": place_record(event["location"]), "counts": counts_record(event["counts"]),
            "evidence": evidence_record(event["evidence"])}


def parties_json(records: list[dict[str, Any]] | None) -> str:
    return json.dumps([party_json(p) for p in records or []], ensure_ascii=False)


def place_json(record: dict[str, Any] | None) -> str | None:
    return json.dumps(record, ensure_ascii=False) if record else None


def event_json(record: dict[str, Any]) -> dict[str, Any]:
    """An event record with its structured fields as the tables keep them (JSON text)."""
    return {**record, "actors": parties_json(record["actors"]), "targets": parties_json(record["targets"]),
            "location": place_json(record["location"]), "counts": json.dumps(counts_json(record["counts"])),
            "evidence": json.dumps(evidence_json(record["evidence"]), ensure_ascii=False)}


def event_from_row(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A table row's `names` fields as an Arrow record (`columns.EVENT` or `RELATED_EVENT`)."""
    found = {k: row[k] for k in names}
    for slot in ("actors", "targets"):
        found[slot] = [party_record(p) for p in json.loads(row[slot] or "[]")]
    found["location"] = place_record(json.loads(row["location"])) if row["location"] else None
    if "counts" in names:
        found["counts"] = counts_record(json.loads(row["counts"] or "{}"))
    if "evidence" in names:
        found["evidence"] = evidence_record(json.loads(row["evidence"]))
    return found
