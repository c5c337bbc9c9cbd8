"""`crosswire framing STORY`: the outlets of one story side by side (frames, labels, distance
markers, loaded terms, reporting verbs, voices, what only one says); `crosswire framing
--actor NAME`: how each outlet names one actor over time. Every item shows its span."""
from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from crosswire.cli.common import JsonOpt, app, bold, emit_json, out, reading, styled
from crosswire.framing import storage

# Items shown per cell; --json gives them all.
SHOWN = 8


def _at(item: dict[str, Any]) -> str:
    return f"[{item['start']}-{item['end']}]"


def _quoted(item: dict[str, Any]) -> str:
    return "" if item.get("voice") == "outlet" else f" ({item['voice']})"


def _cells(record: dict[str, Any]) -> dict[str, list[str]]:
    """One document's framing as the lines of its column."""
    return {
        "frames": [f"{f['frame']} {f['score']:.2f}" for f in record["frame_scores"]],
        "labels": [f"“{x['text']}”{' → ' + x['actor'] if x['actor'] else ''} {_at(x)}" for x in record["labels"]
                   if x["voice"] == "outlet"],
        "other labels": [f"“{x['text']}”{_quoted(x)} {_at(x)}" for x in record["labels"] if x["voice"] != "outlet"],
        "distance markers": [f"{m['kind']}: “{m['text']}”" + (f" → {m['term']}" if m["kind"] == "so_called" and m["term"]
                                                               else "") + f" {_at(m)}" for m in record["markers"]],
        "loaded terms": [f"“{t['text']}” {t['stance']} {t['about']}{_quoted(t)} {_at(t)}" for t in record["loaded_terms"]],
        "reporting verbs": [f"{a['text']} ({a['speaker'] or '?'}){'' if a['tone'] == 'neutral' else ' · ' + a['tone']}"
                            f" {_at(a)}" for a in record["attributions"]],
        "voices": [f"{v['speaker']}: {v['quotes']} quote(s), {v['share']:.0%} of the text" for v in record["sources"]],
        "only here": [f"“{s['text'][:90]}” {_at(s)}" for s in record.get("only_here", [])],
    }


def _cell(lines: list[str]) -> str:
    more = f"\n… {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return "\n".join(lines[:SHOWN]) + more if lines else "—"


@app.command("framing")
def framing(story: str | None = typer.Argument(None, help="Story id or unambiguous prefix"),
            actor: str | None = typer.Option(None, "--actor", help="Actor id or any of its names"),
            as_json: bool = JsonOpt) -> None:
    """How each outlet frames a story (side by side), or names one actor over time (--actor)."""
    if (story is None) == (actor is None):
        raise typer.BadParameter("give a story id, or --actor NAME (not both)", param_hint="STORY / --actor")
    with reading() as db:
        found = storage.actor_framing(db, actor) if actor else storage.story_framing(db, story)
    if as_json:
        return emit_json(found)
    if actor:
        out.print(styled(bold(found["actor"]["name"]), f" ({found['actor']['id']}): labels by document, oldest first"),
                  highlight=False)
        table = Table("published", "outlet", "lang", "document", "labels")
        for d in found["documents"]:
            table.add_row(d["published"] or "", d["outlet"] or "", d["lang"] or "", d["doc_id"][:10],
                          "\n".join(f"“{x['text']}”{_quoted(x)} {_at(x)}" for x in d["labels"]))
        return out.print(table)
    out.print(styled(bold(f"story {found['story']['id']}"), f" · {found['story']['title'] or ''}"), highlight=False)
    table = Table("")
    docs = found["documents"]
    for d in docs:
        table.add_column(f"{d['doc_id'][:10]}\n{d['outlet'] or '—'} · {d['lang'] or '?'} · {d['published'] or ''}")
    cells = [_cells(d) for d in docs]
    for aspect in (cells[0] if cells else {}):
        table.add_row(aspect, *(_cell(c[aspect]) for c in cells))
    out.print(table)
    if found["shared_actors"]:
        shared = Table("actor", *(d["doc_id"][:10] for d in docs), title="actors several outlets label")
        for a in found["shared_actors"]:
            shared.add_row(a["name"], *("\n".join(dict.fromkeys(a["labels"].get(d["doc_id"], []))) or "—" for d in docs))
        out.print(shared)
