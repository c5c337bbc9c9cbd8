"""Stage `signatures`: what candidate retrieval groups documents by — MinHash LSH bands
of word shingles (near-duplicates) and language-independent anchors (numbers, names)."""
from __future__ import annotations

from typing import Any

from crosswire.stages.registry import stage
from crosswire.text.anchors import anchors, lsh_bands, shingles


@stage("signatures", version=1, requires=("text",), assigns=("anchors", "lsh_bands"))
def signatures(row: dict[str, Any]) -> dict[str, Any]:
    """MinHash LSH band keys and anchors (numbers, transliterated name skeletons)."""
    return {"anchors": sorted(anchors(row["text"])), "lsh_bands": lsh_bands(shingles(row["text"]))}
