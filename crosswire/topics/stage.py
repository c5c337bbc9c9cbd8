"""Stage `topics`: stories grouped by what they are about, as they arrive.

A story is one happening; a topic holds the stories of one kind of happening with the
same protagonists or setting (two kidnappings in one province, two fires in one town,
successive strikes on one base), which an analyst follows as one thread. A story's first
document decides its topic: the topic of the stored document whose distinctive words it
shares most (TF-IDF cosine among its nearest and linked documents), or a new topic when
none shares enough. The story's later documents follow it. Dates do not limit topics.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crosswire.stages.registry import batch_stage
from crosswire.text.terms import cosine, weights


@dataclass(frozen=True)
class TopicThresholds:
    """Calibrated on ECB+ topics; see BENCHMARKS.md (stories)."""

    join: float = 0.08        # TF-IDF cosine with the closest document already on the topic


THRESHOLDS = TopicThresholds()


@batch_stage("topics", version=1, requires=("lang", "terms", "story_topic", "topic_neighbours", "term_counts", "corpus_size"),
             assigns=("topic",))
def topics(rows: list[dict[str, Any]], t: TopicThresholds = THRESHOLDS) -> list[dict[str, Any]]:
    """Follow the story's topic, join the topic of the document sharing most words, or start one."""
    placed: dict[str, str] = {}           # document -> topic, decided earlier in this batch
    story_topic: dict[str, str] = {}      # story -> topic, decided earlier in this batch
    results = []
    for row in rows:
        story = row["story_topic"]["story_id"]
        known = story_topic.get(story) or row["story_topic"]["topic_id"]
        if known:
            topic = {"topic_id": known, "score": 1.0, "via": None, "how": "story"}
        else:
            topic = _closest(row, placed, t) or {"topic_id": "topic-" + row["doc_id"][:12], "score": 1.0, "via": None,
                                                 "how": "new"}
        placed[row["doc_id"]] = topic["topic_id"]
        if story:
            story_topic[story] = topic["topic_id"]
        results.append({"topic": topic})
    return results


def _closest(row: dict[str, Any], placed: dict[str, str], t: TopicThresholds) -> dict[str, Any] | None:
    df = {c["key"]: c["count"] for c in row["term_counts"]}
    mine = weights({c["key"]: c["count"] for c in row["terms"]}, df, row["corpus_size"], row["lang"])
    best: tuple[float, str, str] | None = None
    for neighbour in row["topic_neighbours"]:
        topic = placed.get(neighbour["doc_id"]) or neighbour["topic_id"]
        if topic is None:
            continue
        score = cosine(mine, weights({c["key"]: c["count"] for c in neighbour["terms"]}, df, row["corpus_size"], neighbour["lang"]))
        if best is None or score > best[0]:
            best = (score, topic, neighbour["doc_id"])
    if best is None or best[0] < t.join:
        return None
    return {"topic_id": best[1], "score": round(best[0], 4), "via": best[2], "how": "words"}
