"""Compare two documents sentence by sentence, in any pair of languages.

Whole-document vectors cannot tell a translation from another article on the same topic;
sentence alignment can: a translation has a counterpart for nearly every sentence. Where
the embedding model does not cover a language, anchors (numbers, transliterated names)
carry the comparison.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from crosswire.columns import span
from crosswire.text.anchors import jaccard, shingles
from crosswire.text.embed import covered, from_bytes


@dataclass
class View:
    """One document as the comparison sees it."""

    doc_id: str
    lang: str | None
    text: str
    spans: list[tuple[int, int]]
    vectors: np.ndarray
    anchors: set[str]
    sentence_anchors: list[set[str]]
    _shingles: set[str] | None = field(default=None, repr=False)
    _weight: tuple["Idf", float] | None = field(default=None, repr=False)

    @classmethod
    def from_record(cls, record: Mapping) -> "View":
        sentences = record["sentences"] or []
        vectors = np.vstack([from_bytes(s["vector"]) for s in sentences]) if sentences else np.zeros((0, 512), np.float32)
        return cls(record["doc_id"], record["lang"], record["text"], [(s["start"], s["end"]) for s in sentences],
                   vectors, set(record["anchors"] or []), [set(s["anchors"]) for s in sentences])

    def sentence(self, i: int) -> str:
        return self.text[self.spans[i][0]:self.spans[i][1]]

    def anchor_weight(self, idf: "Idf") -> float:
        if self._weight is None or self._weight[0] is not idf:
            self._weight = (idf, sum(map(idf, self.anchors)))
        return self._weight[1]

    @property
    def shingles(self) -> set[str]:
        if self._shingles is None:
            self._shingles = shingles(self.text)
        return self._shingles


@dataclass
class Comparison:
    similarity: float     # mean best-match sentence similarity, both directions
    anchor_overlap: float  # IDF-weighted share of the rarer side's anchors found in the other
    jaccard: float        # word-shingle overlap (same language only)
    strongest: float      # best single pair of substantial sentences, by the model alone
    coverage: float       # share of each side's text in aligned pairs (the smaller side)
    pairs: list[tuple[int, int, float]]  # aligned sentence pairs (mutual best matches)
    model_covered: bool
    best_a: list[float] = field(default_factory=list)  # each sentence's best similarity on the other side
    best_b: list[float] = field(default_factory=list)

    def evidence(self, a: View, b: View) -> list[dict]:
        """The aligned sentence pairs, as `columns.ALIGNED` records."""
        return [{"a": span(a.spans[i]), "b": span(b.spans[j]), "score": round(s, 3)} for i, j, s in self.pairs]


# Below these a mutual best match is a coincidence, not an aligned pair.
ALIGN_MIN_MODEL = 0.5
ALIGN_MIN_ANCHORS = 0.5
# Sentences shorter than this ("He said.", a byline) match across unrelated articles.
SUBSTANTIAL_CHARS = 30


class Idf:
    """Inverse document frequency of anchors over the stored corpus."""

    def __init__(self, counts: Mapping[str, int], corpus_size: int):
        self.counts, self.size = counts, max(corpus_size, 1)
        self.cache: dict[str, float] = {}

    def __call__(self, key: str) -> float:
        if key not in self.cache:
            self.cache[key] = math.log((self.size + 1) / (self.counts.get(key, 0) + 1)) + 0.1
        return self.cache[key]


def anchor_overlap_sets(a: set[str], b: set[str], idf: Idf) -> float:
    if not a or not b:
        return 0.0
    return sum(map(idf, a & b)) / min(sum(map(idf, a)), sum(map(idf, b)))


def document_affinity(a: Mapping, b: Mapping, idf: Idf, anchor_weight: float) -> float:
    """Two documents' vector cosine plus `anchor_weight` × the IDF-weighted overlap of their
    anchors (each a row with `doc_vector` and `anchors`); 0 where either has no vector."""
    if a["doc_vector"] is None or b["doc_vector"] is None:
        return 0.0
    cosine = float(from_bytes(a["doc_vector"]) @ from_bytes(b["doc_vector"]))
    return cosine + anchor_weight * anchor_overlap_sets(set(a["anchors"]), set(b["anchors"]), idf)


def anchor_overlap(a: View, b: View, idf: Idf) -> float:
    if not a.anchors or not b.anchors:
        return 0.0
    return sum(map(idf, a.anchors & b.anchors)) / min(a.anchor_weight(idf), b.anchor_weight(idf))


def _anchor_matrix(a: View, b: View, idf: Idf) -> np.ndarray:
    """Sentence-by-sentence anchor overlap, visiting only pairs that share a key."""
    matrix = np.zeros((len(a.spans), len(b.spans)), dtype=np.float32)
    postings: dict[str, list[int]] = defaultdict(list)
    for j, keys in enumerate(b.sentence_anchors):
        for key in keys:
            postings[key].append(j)
    weight_b = [sum(map(idf, keys)) for keys in b.sentence_anchors]
    for i, keys in enumerate(a.sentence_anchors):
        shared: dict[int, float] = defaultdict(float)
        for key in keys:
            if key in postings:
                w = idf(key)
                for j in postings[key]:
                    shared[j] += w
        if shared:
            weight_a = sum(map(idf, keys))
            for j, w in shared.items():
                matrix[i, j] = w / min(weight_a, weight_b[j])
    return matrix


def _lengths(view: View) -> np.ndarray:
    return np.array([end - start for start, end in view.spans], dtype=np.float32)


def compare(a: View, b: View, idf: Idf) -> Comparison:
    model_covered = covered(a.lang) and covered(b.lang)
    if not a.spans or not b.spans:
        return Comparison(0.0, 0.0, 0.0, 0.0, 0.0, [], model_covered)
    model = a.vectors @ b.vectors.T
    matrix = model if model_covered else np.maximum(model, _anchor_matrix(a, b, idf))
    best_a, best_b = matrix.max(1), matrix.max(0)
    len_a, len_b = _lengths(a), _lengths(b)
    substantial = model[np.ix_(len_a >= SUBSTANTIAL_CHARS, len_b >= SUBSTANTIAL_CHARS)]
    similarity = float((np.average(best_a, weights=len_a) + np.average(best_b, weights=len_b)) / 2)
    floor = ALIGN_MIN_MODEL if model_covered else ALIGN_MIN_ANCHORS
    back = matrix.argmax(0)
    pairs = [(i, int(j), float(matrix[i, j])) for i, j in enumerate(matrix.argmax(1))
             if back[j] == i and matrix[i, j] >= floor]
    covered_a = sum(len_a[i] for i, _, _ in pairs) / len_a.sum()
    covered_b = sum(len_b[j] for _, j, _ in pairs) / len_b.sum()
    same_language = a.lang == b.lang
    return Comparison(
        similarity=similarity,
        anchor_overlap=anchor_overlap(a, b, idf),
        jaccard=jaccard(a.shingles, b.shingles) if same_language else 0.0,
        strongest=float(substantial.max()) if substantial.size else 0.0,
        coverage=float(min(covered_a, covered_b)),
        pairs=pairs,
        model_covered=model_covered,
        best_a=best_a.tolist(),
        best_b=best_b.tolist(),
    )
