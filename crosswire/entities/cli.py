"""Commands on actors: `actors`, `actor NAME`, and `kb …` to curate the knowledge base."""
from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path

import typer
from rich.table import Table

from crosswire import api
from crosswire.cli.common import (
    JsonOpt,
    app,
    bold,
    emit_json,
    fail,
    open_db,
    out,
    reading,
    styled,
)
from crosswire.entities import storage as entity_storage
from crosswire.errors import CrosswireError
from crosswire.kb import storage as kb_storage
from crosswire.kb.edits import kb_file
from crosswire.kb.format import KINDS, Alias, Edit, dump

kb_app = typer.Typer(help="Curate the actor knowledge base (import, list, show, add, remove, merge, split, export).",
                     no_args_is_help=True)
app.add_typer(kb_app, name="kb")

KindOpt = typer.Option(None, "--kind", help=f"Only this kind: {', '.join(KINDS)}")
REANALYZE = "Mentions are resolved again against the changed KB at the next `crosswire analyze`."


@app.command("actors")
def list_actors(kind: str | None = KindOpt, limit: int = typer.Option(50, "--limit"), as_json: bool = JsonOpt) -> None:
    """Actors ranked by mentions, with their kinds and languages."""
    with reading() as db:
        actors = entity_storage.list_actors(db, limit, kind)
    if as_json:
        return emit_json(actors)
    table = Table("id", "name", "kind", "mentions", "docs", "languages", "source")
    for a in actors:
        table.add_row(a["id"], a["name"], a["kind"], str(a["mentions"]), str(a["documents"]), ",".join(a["langs"]), a["origin"])
    out.print(table)


@app.command("actor")
def show_actor(name: str = typer.Argument(..., help="Actor id or any of its names"), as_json: bool = JsonOpt) -> None:
    """One actor: names seen (with counts and languages), roles, affiliations, documents, co-mentioned actors."""
    with reading() as db:
        profile = entity_storage.actor_profile(db, name)
    if as_json:
        return emit_json(profile)
    out.print(styled(bold(profile["name"]), f" ({profile['kind']}, {profile['origin']}) {profile['id']}"), highlight=False)
    if profile["ids"]:
        out.print("ids: " + ", ".join(f"{k}={v}" for k, v in profile["ids"].items()), highlight=False)
    if profile["description"]:
        out.print(profile["description"], highlight=False)
    out.print("names seen: " + "; ".join(f"{a['text']} ×{a['count']} ({', '.join(a['langs'])})" for a in profile["aliases_seen"]),
              highlight=False)
    for role in profile["roles"]:
        out.print(f"role (KB): {role['role']} of {role.get('of', '?')} {role.get('start', '')}–{role.get('end', '')}", highlight=False)
    for role in profile["stated_roles"]:
        out.print(f"role (stated in {role['doc_id']}): {role['role']} of {role['of_name']}", highlight=False)
    for aff in profile["affiliations"]:
        out.print(f"affiliation: {aff.get('role') or 'member'} of {aff['actor']}", highlight=False)
    for m in profile["merges"]:
        out.print(f"merged in: {m['name']} ({m['absorbed']}) by {m['who'] or '?'} at {m['at']}"
                  f" (undo: crosswire kb split {profile['id']} {m['absorbed']})", highlight=False)
        for item in m["evidence"]:
            out.print(f"  {item['words'][0]} = {item['words'][1]}, {item['link']}: {item['a'][0]}:{item['a'][1]}-{item['a'][2]}"
                      f" “{item['text_a']}” ↔ {item['b'][0]}:{item['b'][1]}-{item['b'][2]} “{item['text_b']}”", highlight=False)
    table = Table("document", "published", "outlet", "lang", "mentions", "title")
    for d in profile["documents"]:
        table.add_row(d["id"], d["published"] or "", d["outlet"] or "", d["lang"] or "", str(d["mentions"]), d["title"] or "")
    out.print(table)
    out.print("co-mentioned: " + ", ".join(f"{c['name']} ({c['documents']})" for c in profile["co_mentioned"]), highlight=False)


@kb_app.command("import")
def kb_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="KB YAML/JSON, Phoenix .actors file or Wikidata JSON"),
              fmt: str | None = typer.Option(None, "--format", help="crosswire, phoenix or wikidata [default: by file]"),
              as_json: bool = JsonOpt) -> None:
    """Import actors; ones already known gain the new names, ids and roles."""
    try:
        with open_db() as db:
            counts = api.kb_import(db, path, fmt)
    except CrosswireError as exc:
        fail(exc)
    if as_json:
        return emit_json(counts)
    out.print(f"{path}: {counts['actors']} actors read ({counts['format']}) · {counts['added']} added · {counts['updated']} updated · {counts['unchanged']} unchanged"
              + (f" · {counts['edits']} analyst edits replayed" if counts.get("edits") else ""), highlight=False)
    out.print(REANALYZE, highlight=False)


@kb_app.command("list")
def kb_list(kind: str | None = KindOpt, as_json: bool = JsonOpt) -> None:
    """Every KB actor, with its kind and number of names."""
    with reading(create=True) as db:
        actors = [a for a in kb_storage.kb_actors(db) if kind is None or a.kind == kind]
    if as_json:
        return emit_json([a.to_dict() for a in actors])
    table = Table("id", "name", "kind", "names", "ids")
    for a in actors:
        table.add_row(a.id, a.name, a.kind, str(len(a.names())), ", ".join(f"{k}={v}" for k, v in a.ids.items()))
    out.print(table)


@kb_app.command("show")
def kb_show(ref: str = typer.Argument(..., help="Actor id or name"), as_json: bool = JsonOpt) -> None:
    """One KB actor as the KB file format writes it."""
    with reading(create=True) as db:
        try:
            actor = kb_storage.kb_get(db, ref)
        except CrosswireError as exc:
            fail(exc)
    if as_json:
        return emit_json(actor.to_dict())
    out.print(dump([actor]), highlight=False)


@kb_app.command("add")
def kb_add(name: str = typer.Argument(..., help="Canonical name"),
           kind: str = typer.Option(..., "--kind", help=f"One of {', '.join(KINDS)}"),
           alias: list[str] = typer.Option([], "--alias", help="Another name, optionally LANG:NAME (repeatable)"),
           actor_id: str | None = typer.Option(None, "--id", help="Id [default: from the name]"),
           wikidata: str | None = typer.Option(None, "--wikidata", help="Wikidata QID"),
           cameo: str | None = typer.Option(None, "--cameo", help="CAMEO code")) -> None:
    """Add one actor."""
    aliases = [Alias(text, lang) if len(lang) in (2, 3) and lang.isalpha() else Alias(a)
               for a in alias for lang, _, text in [a.partition(":")]]
    ids = {k: v for k, v in (("wikidata", wikidata), ("cameo", cameo)) if v}
    try:
        actor = api.new_actor(actor_id, name, kind, aliases, ids)
    except CrosswireError as exc:
        fail(exc)
    _edit(lambda db: kb_storage.kb_add(db, actor), f"added {actor.id}")


def _edit(change: Callable[[api.Store], object], done: str) -> None:
    """One KB change in its own transaction; an error names the actor and changes nothing."""
    try:
        with open_db() as db:
            change(db)
    except CrosswireError as exc:
        fail(exc)
    out.print(f"{done}. {REANALYZE}", highlight=False)


@kb_app.command("remove")
def kb_remove(ref: str = typer.Argument(..., help="Actor id or name")) -> None:
    """Take one actor out of the KB."""
    _edit(lambda db: kb_storage.kb_remove(db, ref), f"removed {ref}")


@kb_app.command("merge")
def kb_merge(keep: str = typer.Argument(..., help="Actor that stays"), absorb: str = typer.Argument(..., help="Actor folded into it")) -> None:
    """Fold one actor into another (recorded; `kb split` undoes it)."""
    _edit(lambda db: kb_storage.kb_merge(db, keep, absorb, Edit(getpass.getuser(), "merge", keep, {})),
          f"merged {absorb} into {keep}")


@kb_app.command("split")
def kb_split(keep: str = typer.Argument(...), absorbed: str = typer.Argument(...)) -> None:
    """Undo the latest merge of ABSORBED into KEEP: both come back as they were."""
    _edit(lambda db: kb_storage.kb_split(db, keep, absorbed, Edit(getpass.getuser(), "split", keep, {})),
          f"split {absorbed} from {keep}")


@kb_app.command("export")
def kb_export(path: Path = typer.Option(..., "--out", help="YAML file to write")) -> None:
    """Write the KB in its file format, with the analysts' edits, to version or share it."""
    with reading(create=True) as db:
        text = kb_file(db, name=f"exported from {db.location}")
    path.write_text(text, encoding="utf-8")
    out.print(f"wrote {path}", highlight=False)
