"""Stage `stories`: documents clustered into stories as they arrive.

A document joins the story of its closest neighbour. Links (translation, near-duplicate,
same story: sentence-level evidence) decide first; without one, the document vectors'
cosine plus the IDF-weighted overlap of names and numbers must be very high, because
articles on the same topic score nearly as high as articles on the same happening.
Documents published more than a month apart only join through a link. A document linked
into two stories merges them; the merge is recorded, never a silent rewrite.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from crosswire.stages.registry import batch_stage
from crosswire.text.align import Idf, document_affinity

# How far above any document-level affinity (at most 1 + anchor weight) a link scores, so a
# link always wins.
LINK_AFFINITY = {"translation": 1.0, "near_duplicate": 1.0, "same_story": 0.75}


@dataclass(frozen=True)
class StoryThresholds:
    """Calibrated on the seeds and ECB+; see BENCHMARKS.md (stories)."""

    join: float = 1.2         # cosine + anchor weight × overlap, to join without a link
    anchor_weight: float = 1.0
    max_days_apart: int = 30

    @property
    def merge(self) -> float:
        """Only links merge stories."""
        return 1 + self.anchor_weight + min(LINK_AFFINITY.values())


THRESHOLDS = StoryThresholds()


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    first, second = (date.fromisoformat(x + {4: "-07-01", 7: "-15"}.get(len(x), "")) for x in (a, b))
    return abs((first - second).days)


def affinity(row: dict[str, Any], neighbour: dict[str, Any], idf: Idf, t: StoryThresholds = THRESHOLDS) -> float:
    if neighbour["link"] in LINK_AFFINITY:
        return 1 + t.anchor_weight + LINK_AFFINITY[neighbour["link"]]
    apart = _days_apart(row["published"], neighbour["published"])
    if apart is not None and apart > t.max_days_apart:
        return 0.0
    return document_affinity(row, neighbour, idf, t.anchor_weight)


@batch_stage("stories", version=1,
             requires=("published", "doc_vector", "anchors", "neighbours", "anchor_counts", "corpus_size"),
             assigns=("story",))
def stories(rows: list[dict[str, Any]], t: StoryThresholds = THRESHOLDS) -> list[dict[str, Any]]:
    """Join the closest neighbour's story, start a new one, or merge the stories it binds."""
    placed: dict[str, str] = {}       # decisions made earlier in this batch
    renamed: dict[str, str] = {}      # stories merged earlier in this batch
    results = []
    for row in rows:
        idf = Idf({c["key"]: c["count"] for c in row["anchor_counts"]}, row["corpus_size"])
        best: dict[str, tuple[float, str]] = {}
        for neighbour in row["neighbours"]:
            story = placed.get(neighbour["doc_id"]) or neighbour["story_id"]
            while story in renamed:
                story = renamed[story]
            if story is None:
                continue
            score = affinity(row, neighbour, idf, t)
            if score > best.get(story, (0.0, ""))[0]:
                best[story] = (score, neighbour["doc_id"])
        ranked = sorted(((s, story, via) for story, (s, via) in best.items()), reverse=True)
        if ranked and ranked[0][0] >= t.join:
            score, story, via = ranked[0]
            merges = sorted(other for s, other, _ in ranked[1:] if s >= t.merge)
            survivor = min([story, *merges])
            merges = sorted({story, *merges} - {survivor})
            for merged in merges:
                renamed[merged] = survivor
            results.append({"story": {"story_id": survivor, "score": round(score, 4), "via": via, "merges": merges}})
            placed[row["doc_id"]] = survivor
        else:
            story = "story-" + row["doc_id"][:12]
            results.append({"story": {"story_id": story, "score": 1.0, "via": None, "merges": []}})
            placed[row["doc_id"]] = story
    return results
