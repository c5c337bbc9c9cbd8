"""Stage `event_groups`: events in different documents and languages that report one
happening share a group (the meeting told by three outlets, the strike in two languages).

Candidates are the events of documents linked to this one or in its story. Two events are
one happening when their types agree (violent types count as one family), their dates
can be the same, and they share an actor, target or place; an event joins the group of
the candidate sharing the most of them, never several groups at once.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from crosswire.stages.registry import batch_stage
from crosswire.text.events import same_kind

# Reports of one happening may date it this many days apart ("yesterday" in two papers).
DATE_SLACK = 3


def _entities(event: dict[str, Any]) -> set[str]:
    parties = json.loads(event["actors"] or "[]") + json.loads(event["targets"] or "[]")
    place = json.loads(event["location"] or "null")
    return {p["entity_id"] for p in parties + ([place] if place else []) if p.get("entity_id")}


def _dates_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if not a["date"] or not b["date"]:
        return True
    if len(a["date"]) == 10 and len(b["date"]) == 10 and a["date_precision"] == b["date_precision"] == "day":
        return abs((date.fromisoformat(a["date"]) - date.fromisoformat(b["date"])).days) <= DATE_SLACK
    shorter = min(len(a["date"]), len(b["date"]))
    return a["date"][:shorter] == b["date"][:shorter]


@batch_stage("event_groups", version=1, requires=("events", "related_events"), assigns=("event_groups",))
def event_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group each event with the reports of its happening in linked and same-story documents."""
    decided: dict[str, str] = {}          # groups given earlier in this batch
    results = []
    for row in rows:
        related = [(r, _entities(r)) for r in row["related_events"] or []]
        groups = []
        for event in row["events"] or []:
            mine = _entities(event)
            best, best_entities, best_shared = None, set(), 0
            for other, theirs in related:
                shared = len(mine & theirs)
                if shared > best_shared and same_kind(event["type"], other["type"]) and _dates_agree(event, other):
                    best, best_entities, best_shared = other, theirs, shared
            group = (decided.get(best["id"]) or best["group_id"] or best["id"]) if best else event["id"]
            decided[event["id"]] = group
            score = best_shared / len(mine | best_entities) if best else 1.0
            groups.append({"event_id": event["id"], "group_id": group, "score": round(score, 3)})
        results.append({"event_groups": groups})
    return results
