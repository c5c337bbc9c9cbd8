"""Stage `sentences`: sentence spans and their multilingual embeddings, computed once and
stored for every later stage (linking, quotes, events)."""
from __future__ import annotations

from typing import Any

import numpy as np

from crosswire.stages.registry import stage
from crosswire.text.anchors import anchors
from crosswire.text.embed import embed, to_bytes
from crosswire.text.sentences import sentence_spans


@stage("sentences", version=1, requires=("text",), assigns=("sentences", "doc_vector"))
def sentences(row: dict[str, Any]) -> dict[str, Any]:
    """Split the clean text into sentences; embed each (USE multilingual, offline) and keep its anchors."""
    text = row["text"]
    spans = sentence_spans(text)
    vectors = embed([text[a:b] for a, b in spans])
    doc_vector = None
    if len(spans):
        weights = np.array([b - a for a, b in spans], dtype=np.float32)
        mean = (vectors * weights[:, None]).sum(0)
        doc_vector = to_bytes(mean / (np.linalg.norm(mean) or 1.0))
    return {"sentences": [{"start": a, "end": b, "vector": to_bytes(v), "anchors": sorted(anchors(text[a:b]))}
                          for (a, b), v in zip(spans, vectors, strict=True)],
            "doc_vector": doc_vector}
