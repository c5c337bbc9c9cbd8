"""Stage `signatures`: what candidate retrieval and topics group documents by — MinHash
LSH bands of word shingles (near-duplicates), language-independent anchors (numbers,
names) and content-word counts (topics)."""
from __future__ import annotations

from typing import Any

from crosswire.stages.registry import stage
from crosswire.text.anchors import anchors, lsh_bands, shingles
from crosswire.text.terms import content_terms


@stage("signatures", version=2, requires=("text", "title"), assigns=("anchors", "lsh_bands", "terms"))
def signatures(row: dict[str, Any]) -> dict[str, Any]:
    """MinHash LSH band keys, anchors (numbers, transliterated name skeletons), content words."""
    terms = content_terms(row["text"], row["title"])
    return {"anchors": sorted(anchors(row["text"])), "lsh_bands": lsh_bands(shingles(row["text"])),
            "terms": [{"key": k, "count": n} for k, n in sorted(terms.items())]}
