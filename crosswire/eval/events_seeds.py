"""`crosswire eval events-seeds`: the happenings of the seed articles, each found with its
participants, counts, date and modality, and reports of one happening grouped.

The expectations are the evaluation's gold (issue 6), in `events_seeds.yaml` beside this
module; the pipeline itself never sees them.
"""
from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from crosswire.engine.local import run_stages
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.events.storage import list_events
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions
from crosswire.store import open_store

EXPECTATIONS: list[dict[str, Any]] = yaml.safe_load(
    (resources.files("crosswire.eval") / "events_seeds.yaml").read_text("utf-8"))["expectations"]


def _fits(event: dict[str, Any], want: dict[str, Any]) -> bool:
    if event["type"] != want["type"] or any(event[k] != want[k] for k in ("modality", "mode", "date") if k in want):
        return False
    counts = {k: v["value"] for k, v in (event["counts"] or {}).items()}
    return all(counts.get(k) == v for k, v in want.get("counts", {}).items())


def _names(event: dict[str, Any]) -> set[str]:
    return {x for p in event["actors"] + event["targets"] for x in (p["entity_id"], p["text"]) if x}


def _check(events: list[dict[str, Any]], want: dict[str, Any]) -> tuple[bool, str]:
    found = [e for e in events if _fits(e, want) and set(want.get("parties", [])) <= _names(e)]
    documents = {e["doc_id"] for e in found}
    groups = {e["group_id"] for e in found}
    met = len(documents) >= want.get("documents", 1) and (not want.get("one_group") or len(groups) == 1)
    return met, f"{len(found)} events in {len(documents)} documents, {len(groups)} groups"


@evaluator("events-seeds", folder="seeds")
def evaluate_events_seeds(data: Path, size: int | None = None) -> EvalResult:
    """The seeds' happenings found with participants, counts, dates, modality, and grouped."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "seeds.db") as store:
        ingest(store, [str(data)], IngestOptions())
        run_stages(store)
        events = list_events(store, limit=100_000)
    rows, met = [], 0
    for want in EXPECTATIONS:
        ok, detail = _check(events, want)
        met += ok
        rows.append([want["name"], want["type"], detail, "yes" if ok else "no"])
    return EvalResult("events-seeds", {"expectations_met": met / len(EXPECTATIONS), "expectations": len(EXPECTATIONS),
                                       "events": len(events)},
                      ["expectation", "type", "found", "met"], rows,
                      notes=["Parties are entity ids or mention texts, among an event's actors and targets together."],
                      data=str(data))
