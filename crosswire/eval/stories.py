"""`crosswire eval stories`: story clusters against ECB+ gold clusters.

Folder format: one folder per gold cluster (`<topic><ecb|ecbplus>`), one JSON article per
file with `title`, `text` and optionally `date_publish`. Stories are scored at sub-event
level (the folder), topics at topic level (the folder's leading number).
"""
from __future__ import annotations

import itertools
import json
import random
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crosswire.engine.local import run_stages
from crosswire.errors import EvalError
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions
from crosswire.stages import REGISTRY
from crosswire.stages.registry import dependencies
from crosswire.store import open_store
from crosswire.store.handlers import export_records
from crosswire.stories.stage import StoryThresholds, stories
from crosswire.topics.stage import TopicThresholds, topics

# Documents arrive interleaved across stories, as in a real feed, in a fixed order.
ARRIVAL_SEED = 7
# Thresholds tried on half A, one measure at a time (the other switched off).
WORDS_GRID = (0.06, 0.07, 0.08, 0.09, 0.10, 0.12)
MEANING_GRID = (0.8, 0.85, 0.9, 0.95, 1.0, 1.1)
# Story thresholds tried on half A: (anchor weight, join).
STORY_GRID = tuple((weight, join) for weight in (0.5, 0.75, 1.0, 1.25) for join in (1.0, 1.1, 1.2, 1.3))
OFF = float("inf")


def half(cluster: str) -> str:
    """ECB+ topics split in two by their number (1, 5, 9… in A; 3, 7, 11… in B), so no
    topic has documents on both sides."""
    return "A" if int(re.match(r"\d+", cluster).group()) // 2 % 2 == 0 else "B"


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, cluster in predicted.items():
        by_pred[cluster].add(item)
    for item, cluster in gold.items():
        by_gold[cluster].add(item)
    precision = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in gold) / len(gold)
    recall = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def pairwise(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    pairs = list(itertools.combinations(sorted(gold), 2))
    same_pred = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    same_gold = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    tp = len(same_pred & same_gold)
    precision, recall = tp / max(len(same_pred), 1), tp / max(len(same_gold), 1)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_clusters(data: Path) -> list[tuple[str, dict]]:
    items = []
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.json")):
            record = json.loads(path.read_text("utf-8"))
            items.append((folder.name, {"title": record.get("title") or "", "text": record.get("text") or "",
                                        "date": record.get("date_publish") or "", "url": f"ecb:{folder.name}/{path.name}"}))
    if not items:
        raise EvalError(str(data), "no <cluster>/*.json files (ECB+ folder format)")
    return [(cluster, record) for cluster, record in items if record["text"].strip()]


@dataclass
class _Run:
    """One store's documents through stories and topics: each document's story and topic,
    with the gold sub-event and topic, and the topics stage's inputs to recompute topics."""

    story_of: dict[str, str]
    topic_of: dict[str, str]
    sub_event: dict[str, str]
    rows: list[dict]
    story_rows: list[dict]

    def scores(self, level: str, predicted: dict[str, str] | None = None) -> list[float]:
        """B-cubed, then pairwise, precision, recall and F1 at `level`, of the run's own
        clusters or of `predicted`."""
        gold = self.sub_event if level == "sub_event" else {d: re.match(r"\d+", c).group() for d, c in self.sub_event.items()}
        predicted = predicted or (self.story_of if level == "sub_event" else self.topic_of)
        return [*bcubed(predicted, gold), *pairwise(predicted, gold)]

    def stories_at(self, t: StoryThresholds) -> list[float]:
        """Sub-event B-cubed with stories recomputed in one pass, in arrival order, at other thresholds."""
        merged: dict[str, str] = {}
        placed = [r["story"] for r in stories(self.story_rows, t)]
        for story in placed:
            merged.update(dict.fromkeys(story["merges"], story["story_id"]))

        def final(story: str) -> str:
            while story in merged:
                story = merged[story]
            return story
        return self.scores("sub_event", {row["doc_id"]: final(story["story_id"])
                                         for row, story in zip(self.story_rows, placed, strict=True)})[:3]

    def topics_at(self, t: TopicThresholds) -> list[float]:
        """Topic B-cubed with topics recomputed in one pass, in arrival order, at other thresholds."""
        placed = topics(self.rows, t)
        return self.scores("topic", {row["doc_id"]: r["topic"]["topic_id"] for row, r in zip(self.rows, placed, strict=True)})[:3]


def _run(items: list[tuple[str, dict]], tmp: Path, name: str) -> _Run:
    corpus = tmp / f"{name}.jsonl"
    corpus.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for _, record in items), "utf-8")
    with open_store(tmp / f"{name}.db") as store:
        report = ingest(store, [str(corpus)], IngestOptions(outlet="ecbplus"))
        run_stages(store, [*dependencies("topics"), "topics"])   # stories and topics, nothing more
        story_of = {d: s["id"] for s in export_records(store, "stories") for d in s["doc_ids"]}
        topic_of = {d: t["id"] for t in export_records(store, "topics") for d in t["doc_ids"]}
        order = list(dict.fromkeys(report.doc_ids))
        store.forget_stage("topics")
        rows = store.load_rows(order, REGISTRY["topics"].requires)
        store.forget_stage("stories")
        story_rows = store.load_rows(order, REGISTRY["stories"].requires)
    sub_event = dict(zip(report.doc_ids, (cluster for cluster, _ in items), strict=True))
    return _Run(story_of, topic_of, sub_event, rows, story_rows)


def _best(run: _Run, grid: tuple[float, ...], thresholds: Callable[[float], TopicThresholds]) -> tuple[float, list[list]]:
    """The threshold of `grid` with the best topic B-cubed F1 on `run` (the higher on a tie), and every one's figures."""
    found = [(value, run.topics_at(thresholds(value))) for value in grid]
    best = max(found, key=lambda f: (round(f[1][2], 6), f[0]))[0]
    return best, [[value, *scores] for value, scores in found]


@evaluator("stories", folder="ecbplus")
def evaluate_stories(data: Path, size: int | None = None) -> EvalResult:
    """B-cubed and pairwise precision/recall/F1 of stories (sub-event level) and topics (topic
    level), on each half of the ECB+ topics in a store of its own: topic thresholds are chosen
    on half A and reported on half B."""
    items = read_clusters(data)
    random.Random(ARRIVAL_SEED).shuffle(items)
    with tempfile.TemporaryDirectory() as tmp:
        runs = {name: _run([item for item in items if half(item[0]) == name], Path(tmp), name) for name in ("A", "B")}
    words, words_rows = _best(runs["A"], WORDS_GRID, lambda v: TopicThresholds(words=v, meaning=OFF))
    meaning, meaning_rows = _best(runs["A"], MEANING_GRID, lambda v: TopicThresholds(words=OFF, meaning=v))
    chosen = TopicThresholds(words=words, meaning=meaning)
    metrics: dict[str, float] = {}
    rows = []
    for name, run in runs.items():
        tuned = "tuned on" if name == "A" else "untouched"
        for level in ("topic", "sub_event"):
            found = run.scores(level)
            metrics[f"bcubed_f1_{level}_{name.lower()}"] = found[2]
            rows += [[name, tuned, level, "B-cubed", *found[:3]], [name, tuned, level, "pairwise", *found[3:]]]
        rows.append([name, tuned, "topic, chosen thresholds", "B-cubed", *run.topics_at(chosen)])
        for label, t in ((f"topic, words only ({words:.2f})", TopicThresholds(words=words, meaning=OFF)),
                         (f"topic, meaning only ({meaning:.2f}), as between languages", TopicThresholds(words=OFF, meaning=meaning))):
            found = run.topics_at(t)
            rows.append([name, tuned, label, "B-cubed", *found])
            if "meaning" in label:
                metrics[f"bcubed_f1_topic_meaning_only_{name.lower()}"] = found[2]
    rows += [["A", "choosing", f"topic, words {value:.2f}, meaning off", "B-cubed", *scores] for value, *scores in words_rows]
    rows += [["A", "choosing", f"topic, meaning {value:.2f}, words off", "B-cubed", *scores] for value, *scores in meaning_rows]
    rows += [["A", "choosing", f"sub_event, anchor weight {weight:.2f}, join {join:.2f}", "B-cubed",
              *runs["A"].stories_at(StoryThresholds(join=join, anchor_weight=weight))] for weight, join in STORY_GRID]
    metrics.update({"bcubed_f1_topic": metrics["bcubed_f1_topic_b"], "bcubed_f1_sub_event": metrics["bcubed_f1_sub_event_b"],
                    "chosen_words": words, "chosen_meaning": meaning,
                    "documents": sum(len(set(run.sub_event)) for run in runs.values()),
                    "gold_topics_a": len({re.match(r"\d+", c).group() for c in runs["A"].sub_event.values()}),
                    "gold_topics_b": len({re.match(r"\d+", c).group() for c in runs["B"].sub_event.values()})})
    return EvalResult("stories", metrics, ["half", "split", "level", "measure", "precision", "recall", "F1"], rows,
                      notes=["Split by topic: ECB+ topics 1, 5, 9, … are half A, 3, 7, 11, … half B, each half in a store"
                             " of its own (as a user's archive would be), its documents arriving in a shuffled (fixed-seed)"
                             " order through every stage up to topics; each document's story is the sub-event prediction,"
                             " its topic the topic prediction.",
                             "Topic thresholds: the evaluator chooses each measure's threshold on half A alone (the `choosing`"
                             " rows, the other measure switched off) and reports half B with them; bcubed_f1_topic and"
                             " bcubed_f1_sub_event are half B's. The shipped thresholds (crosswire/topics/stage.py) are"
                             " the ones chosen here.",
                             "Words: TF-IDF cosine of content words with the closest stored document on a topic. Meaning:"
                             " the multilingual document vectors' cosine plus the overlap of names and numbers (anchors),"
                             " the measure that crosses languages; the `meaning only` rows switch words off, as between"
                             " an English and a French document, on these English documents.",
                             "Stories: the story thresholds (crosswire/stories/stage.py) were chosen on half A (the"
                             " `choosing` sub_event rows) among those that keep the seeds' different happenings in"
                             " stories of their own (tests/stages/test_stories.py), so half B's sub-event figure is on"
                             " data no threshold was chosen on.",
                             "The 2026-11 review measured topic B3 0.594 and sub-event B3 0.760 on the ECB+ topics this"
                             " folder does not hold (issue 19)."],
                      data=str(data))
