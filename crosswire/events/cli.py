"""Commands on happenings: `events` (search) and `event ID` (every report of it)."""
from __future__ import annotations

from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from crosswire.cli.common import (
    JsonOpt,
    app,
    bold,
    emit_json,
    out,
    reading,
    styled,
)
from crosswire.events import storage as event_storage


def _parties(parties: list[dict[str, Any]] | None) -> str:
    return ", ".join(p["text"] for p in parties or [])


def _counts(counts: dict[str, Any] | None) -> str:
    return ", ".join(f"{k} {v['value']}" for k, v in (counts or {}).items())


@app.command("events")
def list_events(type_: str | None = typer.Option(None, "--type", help="PLOVER type (ASSAULT, CONSULT…)"),
                actor: str | None = typer.Option(None, "--actor", help="Actor id or any of its names, as actor or target"),
                since: str | None = typer.Option(None, "--since", help="Events on or after this date (YYYY[-MM[-DD]])"),
                place: str | None = typer.Option(None, "--place", help="Place name (any part) or entity id"),
                limit: int = typer.Option(50, "--limit"), as_json: bool = JsonOpt) -> None:
    """What happened: coded events with actors, targets, place, date, counts and modality."""
    with reading() as db:
        found = event_storage.list_events(db, type_, actor, since, place, limit)
    if as_json:
        return emit_json(found)
    table = Table("id", "type", "modality", "date", "actors", "targets", "place", "counts", "document")
    for e in found:
        table.add_row(e["id"][:10], e["type"] + (f"/{e['mode']}" if e["mode"] else ""), e["modality"], e["date"] or "",
                      _parties(e["actors"]), _parties(e["targets"]), (e["location"] or {}).get("name", ""),
                      _counts(e["counts"]), e["doc_id"][:10])
    out.print(table)


@app.command("event")
def show_event(ref: str = typer.Argument(..., help="Event id or unambiguous prefix"), as_json: bool = JsonOpt) -> None:
    """One event: its evidence, every report of the same happening, and where they disagree."""
    with reading() as db:
        event = event_storage.get_event(db, ref)
    if as_json:
        return emit_json(event)
    place = event["location"] or {}
    where = place.get("name", "")
    if place.get("lat") is not None:
        where += f" ({place['lat']:.3f}, {place['lon']:.3f})"
    out.print(styled(bold(event["type"]), f"{'/' + event['mode'] if event['mode'] else ''} {event['id']} · {event['modality']}"
                     f" · ACLED: {event['acled_event_type'] or '—'} › {event['acled_sub_event_type'] or '—'}"), highlight=False)
    out.print(f"actors: {_parties(event['actors']) or '—'} · targets: {_parties(event['targets']) or '—'} · place: {where or '—'}"
              f" · date: {event['date'] or '—'} ({event['date_precision']}) · counts: {_counts(event['counts']) or '—'}",
              highlight=False)
    out.print(f"“{event['sentence']}”", highlight=False)
    table = Table("published", "outlet", "lang", "document", "type", "actors", "targets", "counts", "report")
    for r in event["reports"]:
        table.add_row(r["published"] or "", r["outlet"] or "", r["lang"] or "", r["doc_id"][:10], r["type"], _parties(r["actors"]),
                      _parties(r["targets"]), _counts(r["counts"]), r["sentence"][:140])
    out.print(table)
    for slot, values in event["disagreements"].items():
        out.print(styled(Text(f"reports disagree on {slot}:", style="yellow"), f" {values}"), highlight=False)
