"""What each page shows, as plain data: the JSON API returns it as is and the page renders
it, so both always agree. Each function reads through the slices' own queries."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from crosswire import api
from crosswire.documents.storage import fields_of, raw_inputs_of
from crosswire.entities.storage import CO_MENTION_READ, NAMES_READ, actor_profile, latest_documents, list_actors
from crosswire.events.storage import events_at_a_glance, get_event, list_events
from crosswire.kb.storage import entity_ref
from crosswire.links.storage import links_of
from crosswire.quotes.storage import get_quote, list_quotes
from crosswire.relations import Window
from crosswire.store.sql import SQLStore
from crosswire.stories.storage import get_story, list_stories
from crosswire.topics.storage import get_topic, list_topics
from crosswire.web.annotated import annotated_text
from crosswire.web.network import AROUND_READ, network
from crosswire.web.search import Filters, facets, find_documents
from crosswire.web.timeline import timeline
from crosswire.web.worldmap import world_map

PAGE = 50


def overview(store: SQLStore) -> dict[str, Any]:
    """How much the store holds: the start page, and the empty state of a new store."""
    def count(table: str) -> int:
        return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return {"documents": count("documents"), "stories": store.conn.execute(
        "SELECT count(DISTINCT story_id) FROM story_docs").fetchone()[0],
            "actors": store.conn.execute("SELECT count(DISTINCT entity_id) FROM mentions").fetchone()[0],
            "quotes": count("quotes"), "events": count("events"), "location": store.location}


def search(store: SQLStore, f: Filters, offset: int = 0) -> dict[str, Any]:
    return {**find_documents(store, f, PAGE, offset), "facets": facets(store)}


def document(store: SQLStore, ref: str) -> dict[str, Any]:
    """One document: clean text with entities, quotes and events marked, metadata, links."""
    doc = store.get_document(ref)
    story = store.conn.execute("SELECT story_id FROM story_docs WHERE doc_id = ?", (doc.id,)).fetchone()
    return {"document": asdict(doc), "fields": fields_of(store, doc.id), "links": links_of(store, doc.id),
            "story": story[0] if story else None, "paragraphs": annotated_text(store, doc.id, doc.text, doc.lang),
            "counts": {"mentions": _count(store, "mentions", doc.id), "quotes": _count(store, "quotes", doc.id),
                       "events": _count(store, "events", doc.id)}}


def _count(store: SQLStore, table: str, doc_id: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", (doc_id,)).fetchone()[0]


def raw_sources(store: SQLStore, ref: str) -> dict[str, Any]:
    """What the readers were given, for what cleaning removed (boilerplate, markup)."""
    doc = store.get_document(ref)
    return {"document": {"id": doc.id, "title": doc.title, "text_length": len(doc.text)},
            "sources": raw_inputs_of(store, doc.id)}


def compare(store: SQLStore, a: str, b: str) -> dict[str, Any]:
    """Two documents side by side: aligned sentences, and what only one says."""
    result = api.compare_documents(store, a, b)
    return {**result.to_dict(), "documents": {side: {"id": d.id, "title": d.title, "lang": d.lang, "outlet": d.outlet,
                                                     "published": d.published}
                                              for side, d in (("a", result.a), ("b", result.b))},
            "only_a": sum(1 for r in result.rows if r.only_one_side and r.a), "only_b": sum(
                1 for r in result.rows if r.only_one_side and r.b)}


def stories(store: SQLStore, offset: int = 0) -> dict[str, Any]:
    """Stories, largest first."""
    return {"stories": list_stories(store, PAGE, offset), "offset": offset, "limit": PAGE}


def story(store: SQLStore, ref: str) -> dict[str, Any]:
    """One story: its documents by language and outlet, their links, its time span."""
    found = get_story(store, ref)
    members = {m["id"] for m in found["members"]}
    found["links"] = [dict(r) for r in store.conn.execute(
        f"SELECT a, b, kind, score FROM links WHERE a IN ({','.join('?' * len(members))}) ORDER BY score DESC",
        sorted(members)) if r["b"] in members]
    found["by_lang"] = dict(Counter(m["lang"] or "und" for m in found["members"]))
    found["by_outlet"] = dict(Counter(m["outlet"] or "unknown" for m in found["members"]))
    return found


def topics(store: SQLStore, offset: int = 0) -> dict[str, Any]:
    """Topics, largest first."""
    return {"topics": list_topics(store, PAGE, offset), "offset": offset, "limit": PAGE}


def topic(store: SQLStore, ref: str) -> dict[str, Any]:
    """One topic: its keywords and stories."""
    return get_topic(store, ref)


def actors(store: SQLStore, kind: str | None = None) -> dict[str, Any]:
    return {"actors": list_actors(store, 200, kind), "kind": kind}


def actor(store: SQLStore, ref: str) -> dict[str, Any]:
    """One actor: names by language, roles, affiliations, quotes, events, the network around it."""
    entity_id = entity_ref(store, ref)["id"]
    recent = latest_documents(store, entity_id, NAMES_READ)      # read once, shared by every part
    profile = actor_profile(store, entity_id, recent)
    names: dict[str, list[dict[str, Any]]] = {}
    for alias in profile["aliases_seen"]:
        for lang, n in alias["langs"].items():
            names.setdefault(lang, []).append({"text": alias["text"], "count": n})
    around = network(store, Window(around=entity_id), (recent[:AROUND_READ], profile["documents_total"]))
    return {**profile, "names_by_lang": names, "quotes": list_quotes(store, speaker=entity_id, limit=PAGE),
            "events": list_events(store, actor=entity_id, limit=PAGE, within=recent[:CO_MENTION_READ]),
            "network": around}


def quotes(store: SQLStore, speaker: str | None, contains: str | None, lang: str | None) -> dict[str, Any]:
    return {"quotes": list_quotes(store, speaker, contains, lang, PAGE), "speaker": speaker, "contains": contains,
            "lang": lang}


def quote(store: SQLStore, ref: str) -> dict[str, Any]:
    """One utterance: every rendering, its relay chain, its first appearance."""
    found = get_quote(store, ref)
    found["first"] = found["renderings"][0] if found["renderings"] else None
    return found


def events(store: SQLStore, f: Filters, offset: int = 0) -> dict[str, Any]:
    """The events table, and the timeline and map of every event the filters keep."""
    query = dict(type_=f.event_type, actor=f.actor, since=f.since, until=f.until, lang=f.lang, outlet=f.outlet,
                 story=f.story)
    glance = events_at_a_glance(store, **query)
    points = [{"lon": p["lon"], "lat": p["lat"], "name": " / ".join(p["names"][:3]), "count": p["count"],
               "first": p["first"], "types": p["types"]} for p in glance["places"]]
    return {"filters": f.given(), "total": glance["total"], "offset": offset, "limit": PAGE,
            "events": list_events(store, **query, limit=PAGE, offset=offset), "timeline": timeline(glance["dates"]),
            "map": world_map(points), "facets": facets(store)}


def event(store: SQLStore, ref: str) -> dict[str, Any]:
    """One event: every report of its happening and where they disagree."""
    return get_event(store, ref)
