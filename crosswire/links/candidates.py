"""The links slice's candidate retrieval: group-bys over stored signatures.

A new document is compared only with documents that share an LSH band (near-duplicates),
share rare anchors (numbers, names: works in every script), or are its nearest
neighbours by document vector (cross-language) — never with the whole corpus.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from crosswire.store.base import Connection
from crosswire.store.queries import CHUNK, keys_of
from crosswire.store.vectors import VectorIndex
from crosswire.text.embed import from_bytes

NEIGHBOURS = 30
# A wire story reprinted by hundreds of outlets links to the closest copies only; stories
# join the rest through them, and the cost of a new document stays bounded.
NEAR_DUPLICATES = 30
# Documents in the same script share many word skeletons; ranking within each language
# keeps them from crowding out the partner in another script.
ANCHOR_PER_LANGUAGE = 3
ANCHOR_CANDIDATES = 60
# Anchors carried by more documents than this say little about any pair, and would make
# retrieval scan large posting lists.
ANCHOR_MAX_DOCS = 200
ANCHOR_MAX_SHARE = 0.002
# Candidates sharing this many of the 16 LSH bands are copies of one text (Jaccard ≳ 0.85):
# compared once, through the earliest stored. Otherwise every reprint of a partner costs a
# comparison, and outside the embedding model the partner's own copies are runners-up it
# cannot lead by the required margin.
COPY_BANDS = 8


def candidates(conn: Connection, index: VectorIndex, doc_id: str, rowid: int) -> list[str]:
    found = {r[0] for r in conn.execute(
        "SELECT other.doc_id FROM doc_bands mine JOIN doc_bands other ON other.key = mine.key"
        " WHERE mine.doc_id = ? AND other.doc_id != ? GROUP BY other.doc_id ORDER BY count(*) DESC, other.doc_id LIMIT ?",
        (doc_id, doc_id, NEAR_DUPLICATES))}
    size = conn.execute("SELECT count(*) FROM doc_vectors").fetchone()[0]
    max_docs = max(ANCHOR_MAX_DOCS, int(size * ANCHOR_MAX_SHARE))
    found.update(r[0] for r in conn.execute(
        "WITH rare AS (SELECT key, n FROM anchor_df"
        "  WHERE key IN (SELECT key FROM doc_anchors WHERE doc_id = ?) AND n BETWEEN 2 AND ?),"
        " scored AS (SELECT o.doc_id, SUM(1.0 / rare.n) AS weight FROM doc_anchors o JOIN rare USING (key)"
        "  WHERE o.doc_id != ? GROUP BY o.doc_id),"
        " ranked AS (SELECT scored.doc_id, weight,"
        "  row_number() OVER (PARTITION BY d.lang ORDER BY weight DESC, scored.doc_id) AS in_language"
        "  FROM scored JOIN documents d ON d.id = scored.doc_id)"
        " SELECT doc_id FROM ranked WHERE in_language <= ? ORDER BY weight DESC, doc_id LIMIT ?",
        (doc_id, max_docs, doc_id, ANCHOR_PER_LANGUAGE, ANCHOR_CANDIDATES)))
    vector = conn.execute("SELECT vector FROM doc_vectors WHERE doc_id = ?", (doc_id,)).fetchone()
    if vector is not None:
        rowids = [r for r in index.search(from_bytes(vector[0]), NEIGHBOURS + 1) if r != rowid]
        for start in range(0, len(rowids), CHUNK):
            chunk = rowids[start:start + CHUNK]
            found.update(r[0] for r in conn.execute(
                f"SELECT d.id FROM documents d JOIN doc_vectors v ON v.doc_id = d.id WHERE d.rowid IN ({','.join('?' * len(chunk))})",
                chunk))
    found.discard(doc_id)
    return _collapse_copies(conn, sorted(found))


def _collapse_copies(conn: Connection, ids: list[str]) -> list[str]:
    bands = keys_of(conn, "doc_bands", ids)
    sharing: dict[str, list[str]] = defaultdict(list)
    for doc_id, keys in bands.items():
        for key in keys:
            sharing[key].append(doc_id)
    shared: Counter[tuple[str, str]] = Counter(pair for docs in sharing.values() for pair in combinations(docs, 2))
    parent = {doc_id: doc_id for doc_id in ids}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            doc_id = parent[doc_id] = parent[parent[doc_id]]
        return doc_id

    for (a, b), n in shared.items():
        if n >= COPY_BANDS:
            parent[root(b)] = root(a)
    if all(root(doc_id) == doc_id for doc_id in ids):
        return ids
    marks = ",".join("?" * len(ids))
    order = {r[0]: r[1] for r in conn.execute(f"SELECT id, rowid FROM documents WHERE id IN ({marks})", ids)}
    earliest: dict[str, str] = {}
    for doc_id in ids:
        group = root(doc_id)
        if group not in earliest or order[doc_id] < order[earliest[group]]:
            earliest[group] = doc_id
    return sorted(earliest.values())
