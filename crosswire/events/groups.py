"""Stage `event_groups`: events in different documents and languages that report one
happening share a group (the meeting told by three outlets, the strike in two languages).

Candidates are the events of documents linked to this one or in its story. Two events are
one happening when their types agree (violent types count as one family), their dates
can be the same, their places do not contradict each other, and they share an actor,
target or place named more precisely than by a nationality ("Russian forces" alone ties
every battle of a war together); an event joins the group of the candidate sharing the
most of them, never several groups at once.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from crosswire.langdata.names import folded
from crosswire.stages.registry import batch_stage
from crosswire.text.events import same_kind

# Reports of one happening may date it this many days apart (a night, a time zone, "yesterday"
# in a paper dated the next morning).
DATE_SLACK = 1


def _entities(event: dict[str, Any]) -> set[str]:
    """The event's parties and place, except those named only by a nationality word."""
    place = event["location"]
    return {p["entity_id"] for p in event["actors"] + event["targets"] + ([place] if place else [])
            if p.get("entity_id") and p.get("method") != "demonym"}


def _place_names(place: dict[str, Any]) -> set[str]:
    """The names a place goes by, its areas included ("Lyman", "Donetsk", "Ukraine")."""
    return {folded(n) for n in (place.get("name"), place.get("admin1"), place.get("country")) if n} | (
        {place["entity_id"]} if place.get("entity_id") else set())


def _pinned(place: dict[str, Any] | None) -> bool:
    """A place named below the level of a country (a town, a village, a district), which
    tells two happenings apart. A country or territory is not: outlets name different ones
    for one meeting ("in Iraq", "for Palestine"); the knowledge base's own place ids (no
    namespace, as "iraq") and ISO country ids are such."""
    if not place:
        return False
    entity = place.get("entity_id") or ""
    return (":" in entity or not entity) and not entity.startswith("iso:") \
        and folded(place["name"]) != folded(place.get("country") or "")


def _places_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Not both placed below a country, or placed where one's place or area is the other's:
    Lyman and Donetsk agree, Lyman and Kharkiv do not."""
    mine, theirs = a["location"], b["location"]
    if not (_pinned(mine) and _pinned(theirs)):
        return True
    return bool(({folded(mine["name"]), mine.get("entity_id")} - {None}) & _place_names(theirs)
                or ({folded(theirs["name"]), theirs.get("entity_id")} - {None}) & _place_names(mine))


def _dates_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if not a["date"] or not b["date"]:
        return True
    if len(a["date"]) == 10 and len(b["date"]) == 10 and a["date_precision"] == b["date_precision"] == "day":
        return abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days) <= DATE_SLACK
    shorter = min(len(a["date"]), len(b["date"]))
    return a["date"][:shorter] == b["date"][:shorter]


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return same_kind(a["type"], b["type"]) and _dates_agree(a, b) and _places_agree(a, b)


def _agrees_with(event: dict[str, Any], group: str, members: dict[str, list[dict[str, Any]]],
                 agrees: dict[str, bool]) -> bool:
    """Whether the event agrees with every report already in `group` (memoised in `agrees`:
    a wire story's many copies put many candidates in one group)."""
    if group not in agrees:
        agrees[group] = all(_agree(event, m) for m in members[group])
    return agrees[group]


@batch_stage("event_groups", version=1, requires=("events", "related_events"), assigns=("event_groups",))
def event_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group each event with the reports of its happening in linked and same-story documents:
    it joins a group only if it agrees with every report already in it, so an undated,
    unplaced report cannot chain the battles of a war into one."""
    decided: dict[str, str] = {}          # groups given earlier in this batch
    results = []
    for row in rows:
        related = [(r, _entities(r)) for r in row["related_events"] or []]
        group_of = {r["id"]: decided.get(r["id"]) or r["group_id"] or r["id"] for r, _ in related}
        members: dict[str, list[dict[str, Any]]] = {}
        for r, _ in related:
            members.setdefault(group_of[r["id"]], []).append(r)
        groups = []
        for event in row["events"] or []:
            mine = _entities(event)
            agrees: dict[str, bool] = {}          # each group's members checked once per event
            fitting = [(len(mine & theirs), other, theirs) for other, theirs in related
                       if mine & theirs and _agrees_with(event, group_of[other["id"]], members, agrees)]
            shared, best, best_entities = max(fitting, key=lambda f: f[0]) if fitting else (0, None, set())
            group = group_of[best["id"]] if best else event["id"]
            decided[event["id"]] = group
            score = shared / len(mine | best_entities) if best else 1.0
            groups.append({"event_id": event["id"], "group_id": group, "score": round(score, 3)})
        results.append({"event_groups": groups})
    return results
