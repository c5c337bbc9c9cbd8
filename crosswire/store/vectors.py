"""Approximate nearest neighbours over document vectors (usearch HNSW), kept in a file
beside a SQLite database (in memory only for a server database). The index is a cache:
when it disagrees with the stored vectors it is rebuilt from them, so a crash or a copied
database never gives wrong neighbours."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from usearch.index import Index

from crosswire.store.base import Connection
from crosswire.text.embed import DIM, from_bytes


class VectorIndex:
    def __init__(self, path: Path | None):
        self.path = path
        self.index = Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16, expansion_add=128, expansion_search=64)
        self.dirty = False
        if path is not None and path.exists():
            try:
                self.index.load(str(path))
            except (RuntimeError, ValueError, OSError):
                self.index.reset()          # unreadable cache: empty, so the store rebuilds it

    def __len__(self) -> int:
        return len(self.index)

    def rebuild(self, keys: list[int], vectors: np.ndarray) -> None:
        self.index.reset()
        if keys:
            self.index.add(np.asarray(keys, dtype=np.uint64), vectors)
        self.dirty = True

    def put(self, key: int, vector: np.ndarray) -> None:
        if self.index.contains(key):
            self.index.remove(key)
        self.index.add(key, vector)
        self.dirty = True

    def search(self, vector: np.ndarray, k: int) -> list[int]:
        if len(self.index) == 0:
            return []
        return [int(key) for key in self.index.search(vector, min(k, len(self.index))).keys]

    def save(self) -> None:
        """Write the index beside the database; where it cannot be written (a full disk),
        the old file goes too, and the index is rebuilt from the stored vectors next time."""
        if self.dirty and self.path is not None:
            partial = self.path.with_suffix(self.path.suffix + ".partial")
            try:
                self.index.save(str(partial))
                partial.replace(self.path)
            except (RuntimeError, OSError):
                partial.unlink(missing_ok=True)
                self.path.unlink(missing_ok=True)
                return
            self.dirty = False


def rebuild_index(conn: Connection, index: VectorIndex) -> None:
    """Rebuild the index from the stored document vectors (a missing or stale index file)."""
    rows = conn.execute("SELECT d.rowid, v.vector FROM doc_vectors v JOIN documents d ON d.id = v.doc_id ORDER BY d.rowid").fetchall()
    vectors = np.vstack([from_bytes(r[1]) for r in rows]) if rows else np.zeros((0, DIM), dtype=np.float32)
    index.rebuild([r[0] for r in rows], vectors)
