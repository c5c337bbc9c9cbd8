"""Stage `utterances`: quotes in different documents and languages that render one
utterance share a group (a translation of the quote, another outlet's wording).

Candidates are the quotes of documents linked to this one or in its story; two quotes
are one utterance when their multilingual embeddings are this close. A quote joins the
group of its closest rendering (never several groups at once, so unrelated statements are
not chained together); renderings are listed by publication date.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from crosswire.stages.registry import batch_stage
from crosswire.text.embed import from_bytes

# Calibrated on the seeds: the French, English and rewritten English renderings of the
# "Iraqi people" statement score 0.80–0.82; different statements by the same speaker in
# one story stay below 0.55.
SAME_UTTERANCE = 0.6


@batch_stage("utterances", version=1, requires=("published", "quotes", "related_quotes"), assigns=("quote_groups",))
def utterances(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group each quote with its renderings in linked and same-story documents."""
    decided: dict[str, str] = {}          # groups given earlier in this batch
    results = []
    for row in rows:
        related = [r for r in row["related_quotes"] if r["vector"]]
        matrix = np.vstack([from_bytes(r["vector"]) for r in related]) if related else np.zeros((0, 512), np.float32)
        groups = []
        for quote in row["quotes"] or []:
            if not quote["vector"]:
                continue
            scores = matrix @ from_bytes(quote["vector"]) if related else np.zeros(0)
            group = quote["id"]
            if len(scores) and scores.max() >= SAME_UTTERANCE:          # join the closest rendering's group only
                best = related[int(scores.argmax())]
                group = decided.get(best["id"]) or best["group_id"] or best["id"]
            decided[quote["id"]] = group
            groups.append({"quote_id": quote["id"], "group_id": group,
                           "score": round(float(scores.max()), 3) if len(scores) else 1.0})
        results.append({"quote_groups": groups})
    return results
