"""Stage `framing`: every mark of framing in one document (crosswire/framing/marks.py) and
its generic frames (crosswire/framing/frames.py), each with the words that carry it."""
from __future__ import annotations

from typing import Any

import numpy as np

from crosswire.framing import marks
from crosswire.framing.frames import shipped
from crosswire.framing.lexicon import tokenize
from crosswire.stages.registry import stage
from crosswire.text.embed import from_bytes


def frames(sentences: list[dict]) -> list[dict[str, Any]]:
    """The article's generic frames, each with its confidence and the sentence that carries it most."""
    vectors = [s for s in sentences if s["vector"]]
    if not vectors:
        return []
    matrix = np.vstack([from_bytes(s["vector"]) for s in vectors]).astype(np.float32)
    return [marks.item("frame", vectors[i]["start"], vectors[i]["end"], frame, score=confidence)
            for frame, confidence, i in shipped().article(matrix)]


@stage("framing", version=1, requires=("text", "lang", "sentences", "mentions", "quotes"), assigns=("framing",))
def framing(row: dict[str, Any]) -> dict[str, Any]:
    """Actor labels, distance markers, attribution verbs, loaded terms, voices and generic frames."""
    text = row["text"] or ""
    tokens = tokenize(text)
    mentions = sorted(row["mentions"] or [], key=lambda m: m["start"])
    quotes = row["quotes"] or []
    named = marks.names(tokens, mentions)
    found = (marks.labels(text, tokens, row["lang"], mentions, named, quotes) + marks.markers(text, tokens, named, quotes)
             + marks.loaded(text, tokens, named, quotes) + marks.attributions(text, quotes) + marks.voices(text, quotes)
             + frames(row["sentences"] or []))
    return {"framing": sorted(marks.distanced(found), key=lambda f: (f["start"], f["end"], f["kind"], f["value"]))}
