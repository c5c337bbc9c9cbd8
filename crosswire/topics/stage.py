"""Stage `topics`: stories grouped by what they are about, as they arrive.

A story is one happening; a topic holds the stories of one kind of happening with the
same protagonists or setting (two kidnappings in one province, two fires in one town,
successive strikes on one base), which an analyst follows as one thread. A story's first
document decides its topic: the topic of the stored document, among its nearest and linked
ones, that is closest by either of two measures, each against its own threshold:
- words: the TF-IDF cosine of their distinctive words, the classic measure within a language;
- meaning: their multilingual document vectors' cosine plus the weighted overlap of their
  names and numbers (anchors, compared across scripts), which carries across languages,
  so a French story joins its English topic where no word is shared.
With none close enough, the story starts a topic. The story's later documents follow it,
and a story that binds stories on two topics (a document linked into both) merges the
topics, the merge recorded. Dates do not limit topics.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crosswire.stages.registry import batch_stage
from crosswire.text.align import Idf, document_affinity
from crosswire.text.terms import cosine, weights


@dataclass(frozen=True)
class TopicThresholds:
    """Calibrated on ECB+ topics (`words` on all of it in 2026-11, `meaning` on half of
    its topics only); see BENCHMARKS.md (stories)."""

    words: float = 0.08          # TF-IDF cosine with the closest document already on the topic
    meaning: float = 0.85        # document vectors' cosine + anchor_weight × anchor overlap
    anchor_weight: float = 1.0


THRESHOLDS = TopicThresholds()


@batch_stage("topics", version=2,
             requires=("lang", "terms", "doc_vector", "anchors", "story_topic", "topic_neighbours", "term_counts",
                       "topic_anchor_counts", "corpus_size"),
             assigns=("topic",))
def topics(rows: list[dict[str, Any]], t: TopicThresholds = THRESHOLDS) -> list[dict[str, Any]]:
    """Follow the story's topic (merging the topics it binds), join the topic of the closest
    document, or start one."""
    placed: dict[str, str] = {}           # document -> topic, decided earlier in this batch
    story_topic: dict[str, str] = {}      # story -> topic, decided earlier in this batch
    renamed: dict[str, str] = {}          # topics merged earlier in this batch
    results = []

    def current(topic: str) -> str:
        while topic in renamed:
            topic = renamed[topic]
        return topic

    for row in rows:
        story = row["story_topic"]["story_id"]
        known = list(dict.fromkeys(current(x) for x in ([story_topic[story]] if story in story_topic else [])
                                   + row["story_topic"]["topics"]))
        if known:
            topic = {"topic_id": known[0], "score": 1.0, "via": None, "how": "story", "merges": sorted(known[1:])}
            for merged in known[1:]:
                renamed[merged] = known[0]
        else:
            topic = _closest(row, placed, current, t) or {
                "topic_id": "topic-" + row["doc_id"][:12], "score": 1.0, "via": None, "how": "new", "merges": []}
        placed[row["doc_id"]] = topic["topic_id"]
        if story:
            story_topic[story] = topic["topic_id"]
        results.append({"topic": topic})
    return results


def _closest(row: dict[str, Any], placed: dict[str, str], current: Callable[[str], str], t: TopicThresholds
             ) -> dict[str, Any] | None:
    """The topic (as merges left it: `current`) of the closest neighbour by words or by
    meaning, each measure as a share of its threshold; None when no neighbour reaches either."""
    df = {c["key"]: c["count"] for c in row["term_counts"]}
    mine = weights({c["key"]: c["count"] for c in row["terms"]}, df, row["corpus_size"], row["lang"])
    idf = Idf({c["key"]: c["count"] for c in row["topic_anchor_counts"]}, row["corpus_size"])
    best: tuple[float, str, str, float, str] | None = None
    for neighbour in row["topic_neighbours"]:
        topic = placed.get(neighbour["doc_id"]) or neighbour["topic_id"]
        if topic is None:
            continue
        topic = current(topic)
        words = cosine(mine, weights({c["key"]: c["count"] for c in neighbour["terms"]}, df, row["corpus_size"],
                                     neighbour["lang"]))
        meaning = document_affinity(row, neighbour, idf, t.anchor_weight)
        share, score, how = max((words / t.words, words, "words"), (meaning / t.meaning, meaning, "meaning"))
        if best is None or share > best[0]:
            best = (share, topic, neighbour["doc_id"], score, how)
    if best is None or best[0] < 1:
        return None
    return {"topic_id": best[1], "score": round(best[3], 4), "via": best[2], "how": best[4], "merges": []}
