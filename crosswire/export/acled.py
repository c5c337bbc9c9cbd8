"""ACLED-style CSV: one row per happening (an event group), for analysts who work with
ACLED's columns. Only what ACLED would code is written: the event that stands for a
happening the happening model found (crosswire/events), reported or claimed. Where
reports disagree on fatalities, the lowest figure is kept, as ACLED does."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswire.events.actors import acled_coding, wording
from crosswire.events.happenings import coding, vocabulary
from crosswire.events.stage import HAPPENED
from crosswire.events.storage import event_record
from crosswire.export.files import output_folder, replacing, write_csv
from crosswire.export.selection import Selection, selected_documents, selected_records
from crosswire.langdata.places import gazetteer
from crosswire.langdata.settlements import capital
from crosswire.store.sql import SQLStore

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
           "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
           "plover_type", "plover_mode", "modality", "reports", "doc_ids"]
# ACLED's code for deaths reported without a number ("an unknown number of people were
# killed"): its methodology records 3, and its notes say so ("Unknown fatalities coded as 3").
UNKNOWN_TOLL = 3
# ACLED's time precision: 1 the day is known, 2 the week, 3 only the month or more.
TIME_PRECISION = {"day": 1, "week": 2}


def _coded_place(place: dict[str, Any]) -> dict[str, Any]:
    """Where ACLED would code the event: a place the text names, at geo-precision 1 when it
    is on the map; an event the text places only in a country, at its capital, geo-precision
    3, as ACLED's methodology codes national-level events."""
    name, places = place.get("name") or "", gazetteer()
    code = places.country_code(name)
    code = code if code and code == places.country_code(place.get("country") or "") else None   # not Mexico's Guadalupe
    if code and (seat := capital(code)):
        return {"location": seat.name, "latitude": seat.lat, "longitude": seat.lon, "geo_precision": 3}
    return {"location": name, "latitude": place.get("lat") or "", "longitude": place.get("lon") or "",
            "geo_precision": 1 if place.get("lat") is not None else ""}


def acled_country(name: str | None) -> str:
    """ACLED's name for a country the gazetteer names (acled.yaml `country_names`: "Palestine",
    not "Palestinian Territory")."""
    code = gazetteer().country_code(name or "")
    return vocabulary().get("country_names", {}).get(code, name or "")


@dataclass
class _Report:
    """What a happening's row needs of each report, kept for every report: the rest is read
    for its first report only, when the row is written."""
    published: str
    doc_id: str
    event_id: str
    deaths: int | None
    unknown_deaths: bool


def _row(store: SQLStore, reports: list[_Report], names: dict[str, str], kinds: dict[str, str],
         docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    first = event_record(store, min(reports, key=lambda r: (r.published, r.doc_id)).event_id)
    place = first["location"] or {}
    doc = {**docs[first["doc_id"]], "text": store.conn.execute("SELECT text FROM documents WHERE id = ?",
                                                               (first["doc_id"],)).fetchone()[0]}
    triggers = first["details"].get("triggers") or [[first["sentence_end"]] * 2]
    told = (first["details"].get("happening") or {}).get("sentences") or []
    words = wording(doc["text"], doc["lang"], (first["sentence_start"], first["sentence_end"]), tuple(triggers[0][:2]),
                    first["counts"], [tuple(span) for span in told])
    country = acled_country(place.get("country"))
    sub_event = first["acled_sub_event_type"]
    if any(r.deaths for r in reports) and sub_event in vocabulary()["killing_is_violence"]:
        sub_event = "Attack"                # people counted killed: no strategic development
    sub_event, actor1, actor2 = acled_coding(sub_event, first["actor_spans"], first["target_spans"], names,
                                             kinds, country or None, doc["lang"], words)
    inter1, inter2 = (actor1[0].inter if actor1 else ""), (actor2[0].inter if actor2 else "")
    deaths = [r.deaths for r in reports if r.deaths is not None] or [UNKNOWN_TOLL for r in reports if r.unknown_deaths]
    return {
        "event_id_cnty": first["group_id"] or first["id"], "event_date": first["date"] or "",
        "year": (first["date"] or "")[:4], "time_precision": TIME_PRECISION.get(first["date_precision"], 3),
        "disorder_type": coding(sub_event)["disorder"], "event_type": coding(sub_event)["event_type"],
        "sub_event_type": sub_event,
        "actor1": actor1[0].name if actor1 else "", "assoc_actor_1": "; ".join(p.name for p in actor1[1:]), "inter1": inter1,
        "actor2": actor2[0].name if actor2 else "", "assoc_actor_2": "; ".join(p.name for p in actor2[1:]), "inter2": inter2,
        "interaction": f"{min(inter1, inter2)}{max(inter1, inter2)}" if inter1 and inter2 else (f"{inter1}0" if inter1 else ""),
        "civilian_targeting": "Civilian targeting" if any(p.category == "civilians" for p in actor2) else "",
        "country": country, "admin1": place.get("admin1") or "",
        **_coded_place(place),
        "source": "; ".join(dict.fromkeys(docs[r.doc_id]["outlet"] or r.doc_id for r in reports)),
        "notes": doc["text"][first["sentence_start"]:first["sentence_end"]], "fatalities": min(deaths) if deaths else 0,
        "plover_type": first["type"], "plover_mode": first["mode"] or "", "modality": first["modality"],
        "reports": len(reports), "doc_ids": " ".join(dict.fromkeys(r.doc_id for r in reports)),
    }


def acled_rows(store: SQLStore, selection: Selection = Selection()) -> Iterator[dict[str, Any]]:
    """One row per happening, with ACLED's columns. What is held for the whole store is small
    (documents' dates and outlets, a few fields per report); texts and whole events are read
    a row at a time, so memory stays bounded however many documents are stored."""
    selected = selected_documents(store, selection)
    entities = list(selected_records(store, "entities", selected))
    names, kinds = {e["id"]: e["name"] for e in entities}, {e["id"]: e["kind"] for e in entities}
    docs = {d["id"]: {"published": d["published"], "outlet": d["outlet"], "lang": d["lang"]}
            for d in selected_records(store, "documents", selected)}
    groups: dict[str, list[_Report]] = defaultdict(list)
    for event in selected_records(store, "events", selected):
        if event["acled_event_type"] and event["modality"] in HAPPENED:
            deaths = event["counts"].get("fatalities", {}).get("value")
            groups[event["group_id"] or event["id"]].append(_Report(
                docs[event["doc_id"]]["published"] or "9999", event["doc_id"], event["id"], deaths,
                "unknown_fatalities" in event["counts"]))
    return (_row(store, reports, names, kinds, docs) for reports in groups.values())


def export_acled(store: SQLStore, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write `events_acled.csv` in `out`, replaced atomically."""
    folder = output_folder(out)
    with replacing(folder, "events_acled.csv", newline="") as handle:
        written = write_csv(handle, COLUMNS, acled_rows(store, selection))
    return {"events_acled": written}
