"""Analyst edits beyond the KB file's actors: who changed what, and when, and corrections of
what the stages found (a quote's speaker, an event's type) that outlive re-running them.

A correction is keyed by the words it corrects (document and span: the quote's words, the
event's trigger), not by a record id, so when a stage rewrites the document's quotes or
events, `reapply` corrects the new records the same way. KB edits (an alias, a merge, a
split) change the KB itself (kb/storage.py) and are logged here too; all of them travel in
the KB file (`crosswire kb export`, `kb import`)."""
from __future__ import annotations

import json
from typing import Any

from crosswire.errors import KbError
from crosswire.kb.format import Alias, Edit, dump
from crosswire.kb.storage import entity_ref, kb_actors, kb_add_alias, kb_merge, kb_promote, kb_split, log_edit
from crosswire.store.base import Connection
from crosswire.store.queries import one_by_prefix
from crosswire.store.sql import SQLStore

# How each correction is written into the records the stage made, matched by their words.
_CORRECTS = {
    "quote_speaker": ('UPDATE quotes SET speaker_entity_id = ?, evidence = ? WHERE doc_id = ? AND start = ? AND "end" = ?',
                      'SELECT evidence FROM quotes WHERE doc_id = ? AND start = ? AND "end" = ?'),
    "event_type": ("UPDATE events SET type = ?, acled_event_type = ?, acled_sub_event_type = ?, method = 'analyst'"
                   " WHERE doc_id = ? AND trigger_start = ? AND trigger_end = ?", None),
}


def _correct(conn: Connection, action: str, doc_id: str, start: int, end: int, value: dict[str, Any]) -> None:
    update, read = _CORRECTS[action]
    if action == "quote_speaker":
        for row in conn.execute(read, (doc_id, start, end)).fetchall():
            evidence = {**json.loads(row[0] or "{}"), "speaker": "analyst"}
            conn.execute(update, (value["speaker"], json.dumps(evidence), doc_id, start, end))
    else:
        conn.execute(update, (value["type"], value.get("acled_event_type"), value.get("acled_sub_event_type"),
                              doc_id, start, end))


def reapply(conn: Connection, action: str, doc_id: str) -> None:
    """Apply a document's corrections of one kind again, after its records were rewritten:
    the latest correction of each span wins."""
    for r in conn.execute('SELECT start, "end", value FROM analyst_edits WHERE doc_id = ? AND action = ? ORDER BY id',
                          (doc_id, action)).fetchall():
        _correct(conn, action, doc_id, r[0], r[1], json.loads(r[2]))


def correct_quote_speaker(store: SQLStore, ref: str, speaker: str, who: str) -> dict[str, Any]:
    """Attribute a quote to another actor (an id or a name the store knows)."""
    quote = one_by_prefix(store.conn, 'SELECT id, doc_id, start, "end" FROM quotes', "id", ref, "quote")
    actor = entity_ref(store, speaker)
    edit = Edit(who, "quote_speaker", quote["id"], {"speaker": actor["id"]}, doc_id=quote["doc_id"],
                start=quote["start"], end=quote["end"])
    with store.transaction() as conn:
        log_edit(conn, edit)
        _correct(conn, edit.action, quote["doc_id"], quote["start"], quote["end"], edit.value)
    return edit.to_dict()


def correct_event_type(store: SQLStore, ref: str, type_: str, acled_event_type: str | None,
                       acled_sub_event_type: str | None, who: str) -> dict[str, Any]:
    """Give an event another PLOVER type (and ACLED types), kept for its trigger words."""
    event = one_by_prefix(store.conn, "SELECT id, doc_id, trigger_start, trigger_end FROM events", "id", ref, "event")
    if event["trigger_start"] is None:
        raise KbError(ref, "this event has no trigger words to key a correction on")
    value = {"type": type_.strip().upper(), "acled_event_type": acled_event_type or None,
             "acled_sub_event_type": acled_sub_event_type or None}
    if not value["type"].isalpha():
        raise KbError(type_, "not a PLOVER type (one word, such as ASSAULT or CONSULT)")
    edit = Edit(who, "event_type", event["id"], value, doc_id=event["doc_id"], start=event["trigger_start"],
                end=event["trigger_end"])
    with store.transaction() as conn:
        log_edit(conn, edit)
        _correct(conn, edit.action, event["doc_id"], event["trigger_start"], event["trigger_end"], value)
    return edit.to_dict()


def add_alias(store: SQLStore, ref: str, text: str, lang: str | None, who: str) -> dict[str, Any]:
    if not text.strip():
        raise KbError(ref, "an alias needs some text")
    actor = kb_add_alias(store, ref, Alias(text.strip(), (lang or "").strip().lower() or None),
                         Edit(who, "alias", ref, {}))
    return {"actor": actor.id, "alias": text.strip(), "lang": lang or None}


def merge_actors(store: SQLStore, keep: str, absorb: str, who: str) -> dict[str, Any]:
    """Fold one actor into another; local entities join the KB first, under their own ids."""
    with store.transaction() as conn:
        kept, absorbed = kb_promote(store, conn, keep), kb_promote(store, conn, absorb)
    kb_merge(store, kept.id, absorbed.id, Edit(who, "merge", kept.id, {}))
    return {"kept": kept.id, "absorbed": absorbed.id}


def split_actors(store: SQLStore, keep: str, absorbed: str, who: str) -> dict[str, Any]:
    kb_split(store, keep, absorbed, Edit(who, "split", keep, {}))
    return {"kept": keep, "absorbed": absorbed}


def edits(store: SQLStore) -> list[Edit]:
    """Every analyst edit, oldest first."""
    return [Edit(r["who"], r["action"], r["target"], json.loads(r["value"]), r["at"], r["doc_id"], r["start"], r["end"])
            for r in store.conn.execute('SELECT * FROM analyst_edits ORDER BY at, id')]


def kb_file(store: SQLStore, name: str) -> str:
    """The KB in its file format with every analyst edit: what `kb export` writes and what a
    JSONL export carries, so either can rebuild this knowledge base elsewhere."""
    return dump(kb_actors(store), name=name, edits=edits(store))


def replay(store: SQLStore, imported: list[Edit]) -> int:
    """Edits from a KB file, made again here: corrections are logged and applied; merges and
    splits are made where this store has not made them yet (an alias travels in the actor's
    names). An edit this store already holds (same time, analyst, action and target) is
    skipped, so importing twice changes nothing. Returns how many were new."""
    held = {(e.at, e.who, e.action, e.target) for e in edits(store)}
    new = 0
    for edit in imported:
        if (edit.at, edit.who, edit.action, edit.target) in held:
            continue
        new += 1
        if edit.action == "merge" and _unmerged(store, edit.value["absorbed"]):
            kb_merge(store, edit.target, edit.value["absorbed"], edit)
        elif edit.action == "split" and store.conn.execute(
                "SELECT 1 FROM kb_merges WHERE kept = ? AND absorbed = ?", (edit.target, edit.value["absorbed"])).fetchone():
            kb_split(store, edit.target, edit.value["absorbed"], edit)
        else:
            with store.transaction() as conn:
                log_edit(conn, edit)
                if edit.action in _CORRECTS and edit.doc_id is not None and edit.start is not None and edit.end is not None:
                    _correct(conn, edit.action, edit.doc_id, edit.start, edit.end, edit.value)
    return new


def _unmerged(store: SQLStore, actor_id: str) -> bool:
    row = store.conn.execute("SELECT merged_into FROM entities WHERE id = ? AND origin = 'kb'", (actor_id,)).fetchone()
    return row is not None and row[0] is None
