"""The events slice's storage: what the `events` and `event_groups` stages store, the
events of related documents, the `events` export records, and the listings the CLI reads."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.columns import EVENT, RELATED_EVENT, pair
from crosswire.events.records import event_from_row, event_json
from crosswire.kb.edits import reapply
from crosswire.kb.storage import entity_ref
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, forgets, loads, on_new_text, writes
from crosswire.store.queries import insert_sql, one_by_prefix, related_rows
from crosswire.store.sql import SQLStore

_COLUMNS = tuple(EVENT.names)
_RELATED = tuple(RELATED_EVENT.names)
_EVENT = ('SELECT e.*, substr(d.text, e.start + 1, e."end" - e.start) AS sentence, d.lang, d.outlet, d.published, d.title'
          " FROM events e JOIN documents d ON d.id = e.doc_id")
_JSON = ("actors", "targets", "location", "counts", "evidence")


def _record(row: Any) -> dict[str, Any]:
    record = {k: row[k] for k in row.keys() if k != "produced_by"}
    for key in _JSON:
        record[key] = json.loads(row[key]) if row[key] else None
    return record


@loads("events")
def load_events(store: SQLStore, rows: dict[str, dict]) -> None:
    found: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in rows}
    for r in store.conn.execute(f"SELECT * FROM events WHERE doc_id IN ({','.join('?' * len(rows))}) ORDER BY doc_id, start",
                               list(rows)):
        found[r["doc_id"]].append(event_from_row(r, _COLUMNS))
    for row in rows.values():
        row["events"] = found[row["doc_id"]]


@writes("events")
def write_events(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    """A document's events replace its earlier ones; the evidence table holds every span."""
    conn.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
    stored = [event_json(e) for e in value]
    conn.executemany(insert_sql("events", ("doc_id", *_COLUMNS, "produced_by")),
                     [(doc_id, *(e[c] for c in _COLUMNS), produced_by) for e in stored])
    conn.executemany('INSERT INTO event_evidence (event_id, doc_id, start, "end") VALUES (?, ?, ?, ?)',
                     [(e["id"], doc_id, *span) for e in value
                      for span in [(e["start"], e["end"]), *(pair(t) for t in e["evidence"]["triggers"])]])
    reapply(conn, "event_type", doc_id)


@loads("related_events")
def load_related_events(store: SQLStore, rows: dict[str, dict]) -> None:
    """Events of the documents each document is linked to or shares a story with: where
    another report of one of its events would be."""
    parsed: dict[str, dict] = {}        # the batch's documents share related documents: each event parsed once
    for row in rows.values():
        row["related_events"] = [parsed.get(r["id"]) or parsed.setdefault(r["id"], event_from_row(r, _RELATED))
                                 for r in related_rows(store.conn, f"SELECT {', '.join(_RELATED)} FROM events WHERE doc_id",
                                                       row["doc_id"], "doc_id, start, id")]


@writes("event_groups")
def write_event_groups(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.executemany("UPDATE events SET group_id = ? WHERE id = ? AND doc_id = ?",
                     [(g["group_id"], g["event_id"], doc_id) for g in value])


@forgets("event_groups")
def forget_event_groups(store: SQLStore, conn: Connection) -> None:
    """Groups are built in arrival order; recomputing them starts from none."""
    conn.execute("UPDATE events SET group_id = NULL")


def _filtered(store: SQLStore, type_: str | None = None, actor: str | None = None, since: str | None = None,
              place: str | None = None, until: str | None = None, lang: str | None = None, outlet: str | None = None,
              story: str | None = None, within: list[str] | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (over `events e JOIN documents d`) and its parameters for the filters
    every event listing shares; `within` keeps the events of those documents only (an
    actor's latest: a profile's events cost the same however often it is named)."""
    where, params = [], []
    if type_:
        where.append("e.type = ?")
        params.append(type_.upper())
    if actor:
        entity = entity_ref(store, actor)["id"]
        # The stored JSON's spelling of the id finds candidates cheaply; the JSON decides.
        written = json.dumps({"entity_id": entity})[1:-1]
        where.append("(instr(e.actors, ?) > 0 OR instr(e.targets, ?) > 0)"
                     " AND EXISTS (SELECT 1 FROM json_each(e.actors) a WHERE json_extract(a.value, '$.entity_id') = ?"
                     " UNION ALL SELECT 1 FROM json_each(e.targets) t WHERE json_extract(t.value, '$.entity_id') = ?)")
        params += [written, written, entity, entity]

    if since:
        where.append("coalesce(e.date, d.published) >= ?")
        params.append(since)
    if until:
        where.append("substr(coalesce(e.date, d.published), 1, ?) <= ?")
        params += [len(until), until]
    if place:
        where.append("(instr(lower(json_extract(e.location, '$.name')), lower(?)) > 0"
                     " OR json_extract(e.location, '$.entity_id') = ?)")
        params += [place, place]
    for column, value in (("d.lang", lang), ("d.outlet", outlet)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if story:
        where.append("EXISTS (SELECT 1 FROM story_docs s WHERE s.doc_id = e.doc_id AND s.story_id LIKE ? || '%')")
        params.append(story)
    if within is not None:
        where.append(f"e.doc_id IN ({','.join('?' * len(within)) or 'NULL'})")
        params += within
    return (" WHERE " + " AND ".join(where) if where else ""), params


def list_events(store: SQLStore, type_: str | None = None, actor: str | None = None, since: str | None = None,
                place: str | None = None, limit: int = 50, *, offset: int = 0, **filters: str | None) -> list[dict[str, Any]]:
    """Events, latest first; `actor` is an actor id or any of its names, and matches actors
    and targets; `place` matches the location's name or entity; `until`, `lang`, `outlet`
    and `story` (an id or prefix) narrow further; `since` and `until` bound the event's date
    (the report's where it has none)."""
    where, params = _filtered(store, type_, actor, since, place, **filters)
    order = " ORDER BY coalesce(e.date, d.published) DESC, e.doc_id, e.start"
    # The page's ids are sorted first, from the indexes; only its rows are then read whole.
    page = f"SELECT e.id FROM events e JOIN documents d ON d.id = e.doc_id{where}{order} LIMIT ? OFFSET ?"
    return [_record(r) for r in store.conn.execute(f"{_EVENT} WHERE e.id IN ({page}){order}", (*params, limit, offset))]


def events_at_a_glance(store: SQLStore, **filters: str | None) -> dict[str, Any]:
    """What a timeline and a map of the filtered events need, counted in SQL: how many there
    are, how many on each date, and each located point with its names, types and first event."""
    where, params = _filtered(store, **filters)
    joined = " FROM events e JOIN documents d ON d.id = e.doc_id" + where
    total = store.conn.execute("SELECT count(*)" + joined, params).fetchone()[0]
    dates = [(r[0], r[1]) for r in store.conn.execute(
        f"SELECT coalesce(e.date, d.published) AS day, count(*){joined} GROUP BY coalesce(e.date, d.published)", params)
        if r[0]]
    # Each distinct stored place is read once, from the located-events index; places with
    # no coordinates are told apart by their stored spelling before any JSON is decoded.
    located = (" AND " if where else " WHERE ") + "e.location IS NOT NULL AND instr(e.location, '\"lat\": null') = 0"
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for stored, count, first, types in store.conn.execute(
            f"SELECT e.location, count(*), min(e.id), group_concat(DISTINCT e.type){joined}{located} GROUP BY e.location",
            params):
        place = json.loads(stored)
        if place.get("lat") is None or place.get("lon") is None:
            continue
        point = points.setdefault((float(place["lat"]), float(place["lon"])), {"names": set(), "count": 0, "first": first,
                                                                             "types": set()})
        point["names"].add(place.get("name") or "")
        point["types"].update((types or "").split(","))
        point["count"] += count
        point["first"] = min(point["first"], first)
    places = [{"lat": lat, "lon": lon, "names": sorted(p["names"] - {""}), "count": p["count"], "first": p["first"],
               "types": sorted(p["types"] - {""})}
              for (lat, lon), p in sorted(points.items(), key=lambda item: -item[1]["count"])]
    return {"total": total, "dates": dates, "places": places}


def get_event(store: SQLStore, ref: str) -> dict[str, Any]:
    """One event by id or unambiguous prefix, with every report of its happening (the
    events of its group), earliest published first, and where the reports disagree."""
    event = _record(one_by_prefix(store.conn, _EVENT, "e.id", ref, "event"))
    group = event["group_id"] or event["id"]
    event["reports"] = [_record(r) for r in store.conn.execute(
        _EVENT + " WHERE (e.group_id = ? OR (e.group_id IS NULL AND e.id = ?))"
        " ORDER BY coalesce(d.published, '9999'), e.doc_id", (group, group))]
    event["disagreements"] = disagreements(event["reports"])
    return event


def disagreements(reports: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Slots on which reports of one happening differ: counts, actors, targets, modality."""
    found: dict[str, list[Any]] = {}
    for key in sorted({k for r in reports for k in (r["counts"] or {})}):
        values = sorted({r["counts"][key]["value"] for r in reports if key in (r["counts"] or {})})
        if len(values) > 1:
            found[f"counts.{key}"] = values
    for slot in ("actors", "targets"):
        values = {tuple(sorted({p["entity_id"] or p["text"] for p in r[slot] or []})) for r in reports}
        if len({v for v in values if v}) > 1:
            found[slot] = sorted(list(v) for v in values if v)
    moods = sorted({r["modality"] for r in reports})
    if len(moods) > 1:
        found["modality"] = moods
    return found


@exports("events")
def export_events(store: SQLStore) -> Iterator[dict[str, Any]]:
    for r in store.conn.execute("SELECT * FROM events ORDER BY doc_id, start, id"):
        yield _event_record(store, r)


def event_record(store: SQLStore, event_id: str) -> dict[str, Any]:
    """One event as the export contract has it."""
    return _event_record(store, store.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone())


def _event_record(store: SQLStore, r: Any) -> dict[str, Any]:
    evidence = [dict(e) for e in store.conn.execute(
        'SELECT doc_id, start, "end" FROM event_evidence WHERE event_id = ? ORDER BY doc_id, start', (r["id"],))]
    actors, targets = json.loads(r["actors"]), json.loads(r["targets"])
    return {
        "id": r["id"], "doc_id": r["doc_id"], "type": r["type"], "mode": r["mode"],
        "acled_event_type": r["acled_event_type"], "acled_sub_event_type": r["acled_sub_event_type"],
        "actors": [a["entity_id"] for a in actors], "targets": [t["entity_id"] for t in targets],
        "actor_spans": actors, "target_spans": targets,
        "location": json.loads(r["location"]) if r["location"] else None,
        "date": r["date"], "date_precision": r["date_precision"], "counts": json.loads(r["counts"]),
        "modality": r["modality"], "evidence": evidence, "group_id": r["group_id"], "score": r["score"],
        "method": r["method"], "sentence_start": r["start"], "sentence_end": r["end"],
        "details": json.loads(r["evidence"]),
    }


@on_new_text
def forget_evidence(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    """Evidence spans point into the text; the events themselves are replaced when the stage runs again."""
    conn.execute("DELETE FROM event_evidence WHERE doc_id = ?", (doc_id,))
