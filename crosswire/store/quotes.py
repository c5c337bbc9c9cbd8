"""Quote listings and one quote with its chain of custody (SQLite side)."""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from crosswire.store.queries import one_by_prefix

_QUOTE = ('SELECT q.*, substr(d.text, q.start + 1, q."end" - q.start) AS text, d.lang, d.outlet, d.published, d.title,'
          " d.relayed_from, sp.name AS speaker_name, v.name AS via_name,"
          ' substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start) AS speaker_text,'
          ' substr(d.text, q.cue_start + 1, q.cue_end - q.cue_start) AS cue_text'
          " FROM quotes q JOIN documents d ON d.id = q.doc_id LEFT JOIN entities sp ON sp.id = q.speaker_entity_id"
          " LEFT JOIN entities v ON v.id = q.via")


def _record(row: sqlite3.Row) -> dict[str, Any]:
    record = {k: row[k] for k in row.keys() if k not in ("produced_by", "vector")}
    record["parts"] = json.loads(row["parts"])
    record["evidence"] = json.loads(row["evidence"])
    return record


class QuoteQueries:
    """Mixin for SQLiteStore: needs `conn` and `_entity_ref`."""

    conn: sqlite3.Connection

    def list_quotes(self, speaker: str | None = None, contains: str | None = None, lang: str | None = None,
                    limit: int = 50) -> list[dict[str, Any]]:
        """Quotes, newest documents first; `speaker` is an actor id or any of its names."""
        where, params = [], []
        if speaker:
            where.append("q.speaker_entity_id = ?")
            params.append(self._entity_ref(speaker)["id"])      # type: ignore[attr-defined]
        if contains:
            where.append('instr(lower(substr(d.text, q.start + 1, q."end" - q.start)), lower(?)) > 0')
            params.append(contains)
        if lang:
            where.append("d.lang = ?")
            params.append(lang)
        sql = _QUOTE + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.published DESC, q.doc_id, q.start LIMIT ?"
        return [_record(r) for r in self.conn.execute(sql, (*params, limit))]

    def get_quote(self, ref: str) -> dict[str, Any]:
        """One quote by id or unambiguous prefix, with every rendering of its utterance
        (the quotes of its group), earliest published first."""
        quote = _record(one_by_prefix(self.conn, _QUOTE, "q.id", ref, "quote"))
        group = quote["group_id"] or quote["id"]
        quote["renderings"] = [_record(r) for r in self.conn.execute(
            _QUOTE + " WHERE coalesce(q.group_id, q.id) = ? ORDER BY coalesce(d.published, '9999'), q.doc_id", (group,))]
        return quote
