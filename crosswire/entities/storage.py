"""The entities slice's storage: the mentions and stated roles the `entities` stage finds,
the `entities` and `mentions` export records, and the actor listings and profiles."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from crosswire.kb.resolve import evidence_json, evidence_record
from crosswire.kb.storage import SURFACE, entity_ref, merges_into
from crosswire.langdata.places import gazetteer
from crosswire.store.base import Connection
from crosswire.store.handlers import exports, loads, on_new_text, writes
from crosswire.store.queries import CHUNK
from crosswire.store.sql import SQLStore

# A profile lists the actor's latest documents, and reads the names it goes by and the
# actors named with it from its latest ones.
DOCUMENTS_LISTED = 100
CO_MENTION_READ = 500
NAMES_READ = 1000                                 # the largest of the three: the others read its first ones


def list_actors(store: SQLStore, limit: int = 50, kind: str | None = None) -> list[dict[str, Any]]:
    """Entities ranked by mentions, with their kinds, languages and document counts."""
    rows = store.conn.execute(
        "SELECT e.id, e.name, e.kind, e.origin, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,"
        " group_concat(DISTINCT d.lang) AS langs FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN documents d ON d.id = m.doc_id WHERE (CAST(? AS TEXT) IS NULL OR e.kind = ?)"
        " GROUP BY e.id ORDER BY mentions DESC, e.name LIMIT ?", (kind, kind, limit))
    return [{**dict(r), "langs": sorted((r["langs"] or "").split(","))} for r in rows]


def latest_documents(store: SQLStore, entity_id: str, limit: int) -> list[str]:
    """The documents that name the actor, latest published first."""
    return [r[0] for r in store.conn.execute(
        "SELECT m.doc_id FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ?"
        " GROUP BY m.doc_id ORDER BY max(d.published) DESC, m.doc_id LIMIT ?", (entity_id, limit))]


def _in(ids: list[str]) -> str:
    return ",".join("?" * len(ids)) or "NULL"


def actor_profile(store: SQLStore, ref: str, recent: list[str] | None = None) -> dict[str, Any]:
    """Everything known about one actor: KB facts, the names it goes by (with counts and
    languages) in its latest NAMES_READ documents, stated roles, its latest documents
    (DOCUMENTS_LISTED, and how many in all) and the actors named with it in its latest
    CO_MENTION_READ documents: a profile costs the same however often the actor is named.
    `recent`: the actor's `latest_documents`, when the caller has them already."""
    row = entity_ref(store, ref)
    entity_id = row["id"]
    recent = recent if recent is not None else latest_documents(store, entity_id, NAMES_READ)
    seen: dict[str, Counter] = defaultdict(Counter)
    for start in range(0, len(recent), CHUNK):
        chunk = recent[start:start + CHUNK]
        for r in store.conn.execute(
                f"SELECT {SURFACE} AS surface, d.lang, count(*) AS n FROM mentions m JOIN documents d ON d.id = m.doc_id"
                f" WHERE m.entity_id = ? AND m.doc_id IN ({_in(chunk)}) GROUP BY {SURFACE}, d.lang", (entity_id, *chunk)):
            seen[r["surface"]][r["lang"] or "und"] += r["n"]
    listed, read = recent[:DOCUMENTS_LISTED], recent[:CO_MENTION_READ]
    documents = [dict(r) for r in store.conn.execute(
        "SELECT d.id, d.title, d.published, d.outlet, d.lang, count(*) AS mentions FROM mentions m"
        f" JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? AND m.doc_id IN ({_in(listed)})"
        " GROUP BY d.id, d.title, d.published, d.outlet, d.lang ORDER BY d.published, d.id", (entity_id, *listed))]
    total = store.conn.execute("SELECT count(DISTINCT doc_id) FROM mentions WHERE entity_id = ?", (entity_id,)).fetchone()[0]
    co_mentioned = [dict(r) for r in store.conn.execute(
        "SELECT e.id, e.name, e.kind, count(DISTINCT o.doc_id) AS documents FROM mentions o JOIN entities e ON e.id = o.entity_id"
        f" WHERE o.doc_id IN ({_in(read)}) AND o.entity_id != ? GROUP BY e.id, e.name, e.kind ORDER BY documents DESC, e.name"
        " LIMIT 20", (*read, entity_id))]
    stated = [dict(r) for r in store.conn.execute(
        'SELECT r.role, r.of_entity_id, coalesce(e.name, r.of_text) AS of_name, r.doc_id, r.start, r."end", r.method'
        " FROM entity_roles r LEFT JOIN entities e ON e.id = r.of_entity_id WHERE r.entity_id = ? ORDER BY r.doc_id",
        (entity_id,))]
    return {
        "id": entity_id, "name": row["name"], "kind": row["kind"], "origin": row["origin"],
        "ids": json.loads(row["ids"]), "kb_aliases": json.loads(row["aliases"]), "description": row["description"],
        "location": json.loads(row["location"]) if row["location"] else None,
        "roles": json.loads(row["roles"]), "affiliations": json.loads(row["affiliations"]),
        "stated_roles": stated,
        "aliases_seen": sorted(({"text": text, "count": sum(langs.values()), "langs": dict(langs)} for text, langs in seen.items()),
                               key=lambda a: -a["count"]),
        "documents": documents, "documents_total": total, "co_mentioned": co_mentioned,
        "merges": merges_into(store, entity_id),
    }


@loads("mentions")
def load_mentions(store: SQLStore, rows: dict[str, dict]) -> None:
    found: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in rows}
    for r in store.conn.execute(
            f'SELECT doc_id, start, "end", kind, entity_id, method, score, evidence FROM mentions'
            f' WHERE doc_id IN ({",".join("?" * len(rows))}) ORDER BY doc_id, start', list(rows)):
        found[r["doc_id"]].append({**{k: r[k] for k in r.keys() if k not in ("doc_id", "evidence")}, "name": None,
                                   "evidence": evidence_record(json.loads(r["evidence"]))})
    for row in rows.values():
        row["mentions"] = found[row["doc_id"]]


@writes("mentions")
def write_mentions(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    """Mentions replace the document's earlier ones; a local entity is created on first sight,
    and a name whose local entity was merged into an actor (an analyst's or a learned merge)
    is stored as that actor's."""
    conn.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
    local = sorted({m["entity_id"] for m in value if m["entity_id"] and m["name"]})
    merged = dict(conn.execute(f"SELECT id, merged_into FROM entities WHERE id IN ({','.join('?' * len(local))})"
                               " AND merged_into IS NOT NULL", local).fetchall()) if local else {}
    value = [{**m, "entity_id": merged[m["entity_id"]]} if m["entity_id"] in merged else m for m in value]
    conn.executemany("INSERT INTO entities (id, kind, name, origin) VALUES (?, ?, ?, 'local') ON CONFLICT DO NOTHING",
                     [(m["entity_id"], m["kind"], m["name"]) for m in value if m["entity_id"] and m["name"]])
    places = gazetteer().places
    conn.executemany(
        "INSERT INTO entities (id, kind, name, ids, location, origin) VALUES (?, 'location', ?, ?, ?, 'gazetteer') ON CONFLICT DO NOTHING",
        [(p.id, p.name, json.dumps({p.id.split(":")[0]: p.id.split(":")[1]}),
          json.dumps({"lat": p.lat, "lon": p.lon}) if p.lat is not None else None)
         for p in {places[m["entity_id"]] for m in value if m["entity_id"] in places}])
    conn.executemany(
        'INSERT INTO mentions (doc_id, start, "end", kind, entity_id, method, score, evidence, produced_by)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, m["start"], m["end"], m["kind"], m["entity_id"], m["method"], m["score"], evidence_json(m["evidence"]),
          produced_by) for m in value])


@writes("role_facts")
def write_role_facts(store: SQLStore, conn: Connection, doc_id: str, value: list, stage: str, produced_by: str) -> None:
    conn.execute("DELETE FROM entity_roles WHERE doc_id = ?", (doc_id,))
    conn.executemany(
        'INSERT INTO entity_roles (doc_id, entity_id, role, of_entity_id, of_text, start, "end", method, produced_by)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, r["entity_id"], r["role"], r["of_entity_id"], r["of_text"], r["start"], r["end"], r["method"], produced_by)
         for r in value])


@exports("entities")
def export_entities(store: SQLStore) -> Iterator[dict[str, Any]]:
    """Every entity mentioned or in the KB; aliases are the KB's names and the names seen."""
    seen: dict[str, set[str]] = {}
    for entity_id, surface in store.conn.execute(
            'SELECT m.entity_id, substr(d.text, m.start + 1, m."end" - m.start) FROM mentions m'
            " JOIN documents d ON d.id = m.doc_id WHERE m.entity_id IS NOT NULL"):
        seen.setdefault(entity_id, set()).add(surface)
    for r in store.conn.execute("SELECT * FROM entities WHERE merged_into IS NULL ORDER BY id"):
        if r["origin"] == "local" and r["id"] not in seen:
            continue
        kb_names = [a["text"] if isinstance(a, dict) else a for a in json.loads(r["aliases"])]
        yield {"id": r["id"], "kind": r["kind"], "name": r["name"],
               "aliases": sorted((set(kb_names) | seen.get(r["id"], set())) - {r["name"]}),
               "ids": json.loads(r["ids"]), "roles": json.loads(r["roles"]), "affiliations": json.loads(r["affiliations"]),
               "location": json.loads(r["location"]) if r["location"] else None, "origin": r["origin"]}


@exports("mentions")
def export_mentions(store: SQLStore) -> Iterator[dict[str, Any]]:
    sql = ('SELECT m.doc_id, m.start, m."end", substr(d.text, m.start + 1, m."end" - m.start) AS text, m.kind,'
           " m.entity_id, m.method, m.score FROM mentions m JOIN documents d ON d.id = m.doc_id ORDER BY m.doc_id, m.start")
    for r in store.conn.execute(sql):
        yield dict(r)


@on_new_text
def forget_mentions(store: SQLStore, conn: Connection, doc_id: str, stage: str) -> None:
    for table in ("mentions", "entity_roles"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
