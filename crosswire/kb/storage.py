"""The actor knowledge base inside the store: KB actors are `entities` rows with
origin 'kb'; every change bumps `kb_state.version`, which the `entities` stage's input key
carries, so mentions are resolved again against the KB as it now is."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import yaml

from crosswire.errors import KbError
from crosswire.kb.format import Actor, Affiliation, Alias, Edit, Role, actor_from_dict, parse
from crosswire.kb.index import KnowledgeBase
from crosswire.langdata.names import folded, skeleton
from crosswire.langdata.places import gazetteer
from crosswire.store.base import Connection
from crosswire.store.handlers import on_open
from crosswire.store.queries import span_text
from crosswire.store.sql import SQLStore

# A mention's words, in SQL over `mentions m JOIN documents d`.
SURFACE = 'substr(d.text, m.start + 1, m."end" - m.start)'


def _actor_from_row(row: Any) -> Actor:
    aliases = [Alias(a["text"], a.get("lang")) if isinstance(a, dict) else Alias(a) for a in json.loads(row["aliases"])]
    return Actor(row["id"], row["name"], row["kind"], aliases, json.loads(row["ids"]),
                 [Role(**r) for r in json.loads(row["roles"])], [Affiliation(**a) for a in json.loads(row["affiliations"])],
                 json.loads(row["location"]) if row["location"] else None, row["description"])


def _merged(into: Actor, other: Actor) -> Actor:
    """`into` with every name, id, role and affiliation of `other` it lacks."""
    names = {(a.text, a.lang) for a in into.aliases} | {(into.name, None)}
    aliases = into.aliases + [a for a in other.names() if (a.text, a.lang) not in names and a.text != into.name]
    roles = into.roles + [r for r in other.roles if r not in into.roles]
    affiliations = into.affiliations + [a for a in other.affiliations if a not in into.affiliations]
    return Actor(into.id, into.name, into.kind, list({(a.text, a.lang): a for a in aliases}.values()),
                 {**other.ids, **into.ids}, roles, affiliations, into.location or other.location,
                 into.description or other.description)


def starter_actors() -> list[Actor]:
    text = (resources.files("crosswire.kb") / "starter.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text), "crosswire/kb/starter.yaml")


def kb_version(store: SQLStore) -> str:
    return store.conn.execute("SELECT value FROM kb_state WHERE key = 'version'").fetchone()[0]


def kb_actors(store: SQLStore) -> list[Actor]:
    return [_actor_from_row(r) for r in store.conn.execute(
        "SELECT * FROM entities WHERE origin = 'kb' AND merged_into IS NULL ORDER BY id")]


def knowledge_base(store: SQLStore) -> KnowledgeBase:
    """The KB indexed for resolution, rebuilt only when it changed."""
    version = kb_version(store)
    cached = store.cache.get("kb")
    if cached is None or cached.version != version:
        cached = store.cache["kb"] = KnowledgeBase(kb_actors(store), version, gazetteer())
    return cached


def kb_get(store: SQLStore, ref: str) -> Actor:
    """A KB actor by id, or by a name that denotes exactly one."""
    row = store.conn.execute("SELECT * FROM entities WHERE id = ? AND origin = 'kb'", (ref,)).fetchone()
    if row is not None:
        return _actor_from_row(row)
    matches = {m.actor_id for m in knowledge_base(store).lookup(ref)}
    if len(matches) == 1:
        return kb_get(store, matches.pop())
    if matches:
        raise KbError(ref, f"ambiguous: {', '.join(sorted(matches))}")
    raise KbError(ref, "no knowledge-base actor with this id or name")

# -- writing -------------------------------------------------------------------------------

def _put(store: SQLStore, conn: Connection, actor: Actor) -> None:
    data = actor.to_dict()
    conn.execute(
        "INSERT INTO entities (id, kind, name, aliases, ids, roles, affiliations, location, description, origin, merged_into)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'kb', NULL) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
        " name = excluded.name, aliases = excluded.aliases, ids = excluded.ids, roles = excluded.roles,"
        " affiliations = excluded.affiliations, location = excluded.location, description = excluded.description,"
        " origin = 'kb', merged_into = NULL",
        (actor.id, actor.kind, actor.name, json.dumps(data.get("aliases", []), ensure_ascii=False),
         json.dumps(actor.ids), json.dumps(data.get("roles", []), ensure_ascii=False),
         json.dumps(data.get("affiliations", []), ensure_ascii=False),
         json.dumps(actor.location) if actor.location else None, actor.description))
    conn.execute("DELETE FROM entity_names WHERE entity_id = ?", (actor.id,))
    conn.executemany("INSERT INTO entity_names (entity_id, alias, lang, folded, skeleton) VALUES (?, ?, ?, ?, ?)",
                     [(actor.id, a.text, a.lang, folded(a.text), skeleton(a.text)) for a in actor.names()])


def _bump(store: SQLStore, conn: Connection) -> None:
    conn.execute("UPDATE kb_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'")
    store.cache.pop("kb", None)


def _existing_for(store: SQLStore, actor: Actor, by_wikidata: dict[str, str], by_name: dict[tuple[str, str], str]) -> str | None:
    if store.conn.execute("SELECT 1 FROM entities WHERE id = ? AND origin = 'kb'", (actor.id,)).fetchone():
        return actor.id
    if (qid := actor.ids.get("wikidata")) and qid in by_wikidata:
        return by_wikidata[qid]
    return by_name.get((actor.kind, folded(actor.name)))


def kb_import(store: SQLStore, actors: list[Actor]) -> dict[str, int]:
    """Add actors in one transaction. One already known (same id, same Wikidata id, or same
    kind and name) gains the new names, ids and roles instead of being duplicated."""
    current = {a.id: a for a in kb_actors(store)}
    by_wikidata = {a.ids["wikidata"]: a.id for a in current.values() if "wikidata" in a.ids}
    by_name = {(a.kind, folded(a.name)): a.id for a in current.values()}
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with store.transaction() as conn:
        for actor in actors:
            existing = _existing_for(store, actor, by_wikidata, by_name)
            if existing is None:
                current[actor.id] = actor
                counts["added"] += 1
            else:
                before = current[existing]
                current[existing] = _merged(before, actor) if existing != actor.id else actor
                if current[existing] == before:
                    counts["unchanged"] += 1          # importing the same KB again changes nothing, re-runs nothing
                    continue
                counts["updated"] += 1
            target = current[existing or actor.id]
            _put(store, conn, target)
            if "wikidata" in target.ids:
                by_wikidata[target.ids["wikidata"]] = target.id
            by_name[(target.kind, folded(target.name))] = target.id
        if counts["added"] or counts["updated"]:
            _bump(store, conn)
    return counts


def kb_add(store: SQLStore, actor: Actor) -> None:
    if store.conn.execute("SELECT 1 FROM entities WHERE id = ?", (actor.id,)).fetchone():
        raise KbError(actor.id, "an actor with this id exists; use `kb import` to update it or choose another id")
    with store.transaction() as conn:
        _put(store, conn, actor)
        _bump(store, conn)


def kb_remove(store: SQLStore, ref: str) -> None:
    """Take an actor out of the KB; mentions of it are resolved again at the next run."""
    actor = kb_get(store, ref)
    with store.transaction() as conn:
        conn.execute("DELETE FROM entity_names WHERE entity_id = ?", (actor.id,))
        conn.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id = ?", (actor.id,))
        conn.execute("DELETE FROM entities WHERE id = ?", (actor.id,))
        _bump(store, conn)


def kb_merge(store: SQLStore, keep: str, absorb: str, edit: Edit | None = None, *, everywhere: bool = True) -> int:
    """Fold `absorb` into `keep`; both are kept as they were, for `kb split`. With `edit`,
    the analyst edit is logged in the same transaction. `everywhere` marks every document
    for resolving again (a new KB version); without it the caller re-runs the documents
    that name `absorb` (crosswire/aliases/learn.py)."""
    kept, absorbed = kb_get(store, keep), kb_get(store, absorb)
    if kept.id == absorbed.id:
        raise KbError(keep, "cannot merge an actor with itself")
    with store.transaction() as conn:
        if edit:
            log_edit(conn, replace(edit, target=kept.id, value={**edit.value, "absorbed": absorbed.id}))
        merge_id = conn.execute(
            "INSERT INTO kb_merges (kept, absorbed, kept_before, absorbed_before, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            (kept.id, absorbed.id, json.dumps(kept.to_dict(), ensure_ascii=False),
             json.dumps(absorbed.to_dict(), ensure_ascii=False), datetime.now(UTC).isoformat(timespec="seconds"))).fetchone()[0]
        _put(store, conn, _merged(kept, absorbed))
        conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (kept.id, absorbed.id))
        conn.execute("DELETE FROM entity_names WHERE entity_id = ?", (absorbed.id,))
        conn.execute("UPDATE entities SET merged_into = ? WHERE merged_into = ?", (kept.id, absorbed.id))
        if everywhere:
            _bump(store, conn)
        store.cache.pop("kb", None)
        return int(merge_id)


def merges_into(store: SQLStore, entity_id: str) -> list[dict[str, Any]]:
    """The actors merged into this one, newest last: who merged each and when, and for a
    learned merge (crosswire/aliases) the names and aligned sentences it rests on."""
    logged = {json.loads(r["value"]).get("absorbed"): (r["who"], json.loads(r["value"])) for r in store.conn.execute(
        "SELECT who, value FROM analyst_edits WHERE action = 'merge' AND target = ? ORDER BY id", (entity_id,))}
    merges = []
    for r in store.conn.execute("SELECT m.absorbed, m.at, e.name FROM kb_merges m LEFT JOIN entities e ON e.id = m.absorbed"
                                " WHERE m.kept = ? ORDER BY m.id", (entity_id,)):
        who, value = logged.get(r["absorbed"], (None, {}))
        evidence = [{**item, "text_a": span_text(store.conn, *item["a"]), "text_b": span_text(store.conn, *item["b"])}
                    for item in value.get("evidence", [])]
        merges.append({"absorbed": r["absorbed"], "name": r["name"], "at": r["at"], "who": who,
                       "names": value.get("names"), "evidence": evidence})
    return merges


def kb_split(store: SQLStore, keep: str, absorbed: str, edit: Edit | None = None) -> None:
    """Undo the latest merge of `absorbed` into `keep`: both come back as they were then."""
    row = store.conn.execute("SELECT * FROM kb_merges WHERE kept = ? AND absorbed = ? ORDER BY id DESC LIMIT 1",
                            (keep, absorbed)).fetchone()
    if row is None:
        raise KbError(f"{keep} / {absorbed}", "no recorded merge of these two actors to split")
    with store.transaction() as conn:
        if edit:
            log_edit(conn, replace(edit, target=keep, value={"absorbed": absorbed}))
        _put(store, conn, actor_from_dict(json.loads(row["kept_before"])))
        _put(store, conn, actor_from_dict(json.loads(row["absorbed_before"])))
        conn.execute("DELETE FROM kb_merges WHERE id = ?", (row["id"],))
        _bump(store, conn)


def kb_promote(store: SQLStore, conn: Connection, ref: str) -> Actor:
    """The actor `ref` names, in the KB: a local entity (one the text named and the KB did
    not hold) becomes a KB actor under its own id, so its mentions keep pointing at it."""
    row = entity_ref(store, ref)
    if row["merged_into"]:
        raise KbError(ref, f"merged into {row['merged_into']}; edit that actor")
    if row["origin"] == "kb":
        return _actor_from_row(row)
    # Its kind as most of its mentions have it, and its name the most frequent full name
    # (two words or more) it is written as: the entity row keeps the first mention stored,
    # which depends on the order documents were processed in.
    named = store.conn.execute(
        f"SELECT m.kind, {SURFACE} AS surface, count(*) AS n FROM mentions m JOIN documents d ON d.id = m.doc_id"
        f" WHERE m.entity_id = ? GROUP BY m.kind, {SURFACE}", (row["id"],)).fetchall()
    kinds = Counter({r["kind"]: 0 for r in named})
    for r in named:
        kinds[r["kind"]] += r["n"]
    kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else row["kind"]
    name = min(named, key=lambda r: (-min(len(r["surface"].split()), 2), -r["n"], -len(r["surface"]), r["surface"])
               )["surface"] if named else row["name"]
    aliases = [Alias(row["name"], None)] if row["name"] != name else []
    actor = Actor(row["id"], name, kind, aliases, {}, [], [], None, None)
    _put(store, conn, actor)
    return actor


def kb_add_alias(store: SQLStore, ref: str, alias: Alias, edit: Edit | None = None) -> Actor:
    """Give an actor another name (a local entity joins the KB to hold it)."""
    with store.transaction() as conn:
        actor = kb_promote(store, conn, ref)
        if alias.text not in {a.text for a in actor.names() if a.lang in (None, alias.lang)}:
            actor = replace(actor, aliases=[*actor.aliases, alias])
            _put(store, conn, actor)
        if edit:
            log_edit(conn, replace(edit, target=actor.id, value={"text": alias.text, "lang": alias.lang}))
        _bump(store, conn)
    return actor


def log_edit(conn: Connection, edit: Edit) -> None:
    """Record an analyst edit, stamped now unless it carries its own time (an imported one)."""
    conn.execute('INSERT INTO analyst_edits (at, who, action, target, doc_id, start, "end", value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                 (edit.at or datetime.now(UTC).isoformat(timespec="seconds"), edit.who, edit.action, edit.target,
                  edit.doc_id, edit.start, edit.end, json.dumps(edit.value, ensure_ascii=False)))


@on_open
def load_starter_kb(store: SQLStore) -> None:
    """A new store starts with the starter KB, once (removing actors later is the user's call)."""
    if store.conn.execute("SELECT 1 FROM kb_state WHERE key = 'starter'").fetchone():
        return
    kb_import(store, starter_actors())
    with store.transaction() as conn:
        conn.execute("INSERT INTO kb_state (key, value) VALUES ('starter', '1') ON CONFLICT DO NOTHING")


def entity_ref(store: SQLStore, ref: str) -> Any:
    """An entity (KB or local) by id, by a name the KB knows, or by a name written in the documents."""
    row = store.conn.execute("SELECT * FROM entities WHERE id = ?", (ref,)).fetchone()
    if row is not None:
        return row
    ids = {m.actor_id for m in knowledge_base(store).lookup(ref)}
    if not ids:
        ids = {r[0] for r in store.conn.execute(
            f"SELECT DISTINCT m.entity_id FROM mentions m JOIN documents d ON d.id = m.doc_id"
            f" WHERE m.entity_id IS NOT NULL AND lower({SURFACE}) = lower(?)", (ref,))}
    if len(ids) > 1:
        raise KbError(ref, f"ambiguous: {', '.join(sorted(ids))}; give an id")
    if not ids:
        raise KbError(ref, "no actor with this id or name (see `crosswire actors`)")
    return store.conn.execute("SELECT * FROM entities WHERE id = ?", (ids.pop(),)).fetchone()
