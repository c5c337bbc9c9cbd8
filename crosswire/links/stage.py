"""Stage `link`: translations, near-duplicates and same-story pairs, with the aligned
sentences that justify each link as evidence spans in both documents."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crosswire.stages.registry import stage
from crosswire.text.align import Comparison, Idf, View, compare


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on NTREX (translations) and the seeds; see BENCHMARKS.md."""

    near_duplicate_jaccard: float = 0.5
    translation_coverage: float = 0.45       # share of text in aligned sentences, both languages in the model
    translation_similarity: float = 0.45
    translation_evidence: float = 0.4        # similarity + anchor overlap + coverage, outside the model
    translation_margin: float = 1.2          # ... and this far ahead of the runner-up in that language
    story_strongest: float = 0.8             # one substantial sentence rendered in both (a quote, a fact)
    story_similarity: float = 0.45


THRESHOLDS = Thresholds()


def evidence_score(c: Comparison) -> float:
    """Outside the model no single signal is reliable; together they are."""
    return c.similarity + c.anchor_overlap + c.coverage


def classify(c: Comparison, same_language: bool, runner_up: float, t: Thresholds = THRESHOLDS) -> tuple[str, float] | None:
    """`runner_up`: the best evidence score of any other candidate in the partner's
    language; outside the model a translation must lead it clearly."""
    if same_language and c.jaccard >= t.near_duplicate_jaccard:
        return "near_duplicate", c.jaccard
    if not same_language:
        if c.model_covered and c.coverage >= t.translation_coverage and c.similarity >= t.translation_similarity:
            return "translation", c.similarity
        leads = evidence_score(c) >= t.translation_margin * runner_up
        if not c.model_covered and leads and evidence_score(c) >= t.translation_evidence:
            return "translation", evidence_score(c) / 3
    if c.model_covered and c.strongest >= t.story_strongest and c.similarity >= t.story_similarity:
        return "same_story", c.similarity
    return None


@stage("link", version=1,
       requires=("text", "lang", "sentences", "anchors", "candidates", "anchor_counts", "corpus_size"),
       assigns=("links",))
def link(row: dict[str, Any]) -> dict[str, Any]:
    """Compare with candidates (LSH, shared anchors, vector neighbours) and keep real links."""
    me = View.from_record(row)
    idf = Idf({c["key"]: c["count"] for c in row["anchor_counts"]}, row["corpus_size"])
    compared = [(other, compare(me, other, idf)) for other in map(View.from_record, row["candidates"])]
    scores: dict[str | None, list[tuple[float, str]]] = {}
    for other, comparison in compared:
        scores.setdefault(other.lang, []).append((evidence_score(comparison), other.doc_id))
    links = []
    for other, comparison in compared:
        runner_up = max((s for s, doc_id in scores[other.lang] if doc_id != other.doc_id), default=0.0)
        if found := classify(comparison, me.lang == other.lang, runner_up):
            kind, score = found
            links.append({"other": other.doc_id, "kind": kind, "score": round(score, 4),
                          "evidence": comparison.evidence(me, other)})
    return {"links": links}
