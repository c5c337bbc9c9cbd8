"""Actor listings and profiles over resolved mentions (SQLite side)."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from crosswire.errors import KbError

_SURFACE = 'substr(d.text, m.start + 1, m."end" - m.start)'


class ActorQueries:
    """Mixin for SQLiteStore: needs `conn` and `knowledge_base()`."""

    conn: sqlite3.Connection

    def list_actors(self, limit: int = 50, kind: str | None = None) -> list[dict[str, Any]]:
        """Entities ranked by mentions, with their kinds, languages and document counts."""
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.kind, e.origin, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,"
            " group_concat(DISTINCT d.lang) AS langs FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " JOIN documents d ON d.id = m.doc_id WHERE (? IS NULL OR e.kind = ?)"
            " GROUP BY e.id ORDER BY mentions DESC, e.name LIMIT ?", (kind, kind, limit))
        return [{**dict(r), "langs": sorted((r["langs"] or "").split(","))} for r in rows]

    def _entity_ref(self, ref: str) -> sqlite3.Row:
        row = self.conn.execute("SELECT * FROM entities WHERE id = ?", (ref,)).fetchone()
        if row is not None:
            return row
        ids = {m.actor_id for m in self.knowledge_base().lookup(ref)}      # type: ignore[attr-defined]
        if not ids:
            ids = {r[0] for r in self.conn.execute(
                f"SELECT DISTINCT m.entity_id FROM mentions m JOIN documents d ON d.id = m.doc_id"
                f" WHERE m.entity_id IS NOT NULL AND lower({_SURFACE}) = lower(?)", (ref,))}
        if len(ids) > 1:
            raise KbError(ref, f"ambiguous: {', '.join(sorted(ids))}; give an id")
        if not ids:
            raise KbError(ref, "no actor with this id or name (see `crosswire actors`)")
        return self.conn.execute("SELECT * FROM entities WHERE id = ?", (ids.pop(),)).fetchone()

    def actor_profile(self, ref: str) -> dict[str, Any]:
        """Everything known about one actor: KB facts, the names it goes by in the documents
        (with counts and languages), stated roles, documents and co-mentioned actors."""
        row = self._entity_ref(ref)
        entity_id = row["id"]
        seen: dict[str, Counter] = defaultdict(Counter)
        documents: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute(
                f"SELECT {_SURFACE} AS surface, d.lang, d.id, d.title, d.published, d.outlet FROM mentions m"
                " JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? ORDER BY d.published, d.id", (entity_id,)):
            seen[r["surface"]][r["lang"] or "und"] += 1
            documents.setdefault(r["id"], {"id": r["id"], "title": r["title"], "published": r["published"],
                                           "outlet": r["outlet"], "lang": r["lang"], "mentions": 0})["mentions"] += 1
        co_mentioned = [dict(r) for r in self.conn.execute(
            "SELECT e.id, e.name, e.kind, count(DISTINCT o.doc_id) AS documents FROM mentions m"
            " JOIN mentions o ON o.doc_id = m.doc_id AND o.entity_id != m.entity_id JOIN entities e ON e.id = o.entity_id"
            " WHERE m.entity_id = ? GROUP BY e.id ORDER BY documents DESC, e.name LIMIT 20", (entity_id,))]
        stated = [dict(r) for r in self.conn.execute(
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
            "documents": list(documents.values()), "co_mentioned": co_mentioned,
        }
