"""`crosswire eval names`: does an Arabic name meet its Latin spellings, and only them?

Pairs come from `translit_ar2en.txt` (Arabic name, Latin spelling). Alternate pairs are
held apart: the even lines calibrated `SAME_NAME`, the odd lines are measured here. Every
held-out Arabic name is compared with every held-out Latin spelling, so the false-match
rate counts all pairs of different names, not a sample.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from crosswire.errors import EvalError
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.langdata.names import MIN_FUZZY, SAME_NAME, skeleton

CHUNK = 1000


def read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise EvalError(str(path), f"line {number}: expected 'Arabic<TAB>Latin'")
        pairs.append((parts[0].strip(), parts[1].strip()))
    return pairs


def similarity_matrix(left: list[str], right: list[str]) -> np.ndarray:
    """`skeleton_similarity` for every pair, vectorized (same rules: short keys must be equal)."""
    scores = cdist(left, right, scorer=Indel.normalized_similarity, dtype=np.float32, workers=-1)
    short = np.array([len(k) < MIN_FUZZY for k in left])[:, None] | np.array([len(k) < MIN_FUZZY for k in right])[None, :]
    empty = np.array([not k for k in left])[:, None] | np.array([not k for k in right])[None, :]
    return np.where(empty, 0.0, np.where(short, scores == 1.0, scores))


def measure(pairs: list[tuple[str, str]], threshold: float = SAME_NAME) -> dict[str, float]:
    arabic = sorted({a for a, _ in pairs})
    latin = sorted({b for _, b in pairs})
    spellings: dict[str, set[int]] = defaultdict(set)
    latin_index = {b: j for j, b in enumerate(latin)}
    for a, b in pairs:
        spellings[a].add(latin_index[b])
    keys_a = [skeleton(a).replace(" ", "") for a in arabic]
    keys_b = [skeleton(b).replace(" ", "") for b in latin]
    matched = false = 0
    for start in range(0, len(arabic), CHUNK):
        scores = similarity_matrix(keys_a[start:start + CHUNK], keys_b)
        same = scores >= threshold
        for row, name in enumerate(arabic[start:start + CHUNK]):
            own = spellings[name]
            matched += sum(bool(same[row, j]) for j in own)
            false += int(same[row].sum()) - sum(bool(same[row, j]) for j in own)
    positives = sum(len(v) for v in spellings.values())
    negatives = len(arabic) * len(latin) - positives
    return {"match_rate": matched / positives, "miss_rate": 1 - matched / positives,
            "false_match_rate": false / negatives, "false_matches_per_name": false / len(arabic),
            "pairs": positives, "names": len(arabic)}


@evaluator("names", folder="actors")
def evaluate_names(data: Path, size: int | None = None) -> EvalResult:
    """Arabic/Latin name matching by consonant skeleton: matches, misses and false matches."""
    pairs = read_pairs(data / "translit_ar2en.txt")
    held_out, calibration = pairs[1::2], pairs[0::2]
    if size:
        held_out = held_out[:size]
    metrics = measure(held_out)
    thresholds = sorted({0.70, 0.80, 0.90, 1.0, SAME_NAME})
    rows = [[f"{t:.2f}" + (" (used)" if t == SAME_NAME else ""), *(round(v, 4) for v in (m["match_rate"], m["false_match_rate"]))]
            for t in thresholds for m in [measure(calibration[:len(held_out)], t)]]
    return EvalResult(
        "names", metrics, ["threshold (calibration half)", "match rate", "false-match rate"], rows,
        notes=[f"{metrics['pairs']:,} held-out pairs; each of {metrics['names']:,} Arabic names is compared with every"
               " held-out Latin spelling (all different-name pairs count towards the false-match rate).",
               "Keys: Arabic letters and Latin spellings reduce to consonant classes (vowels, ʿayn, hamza, the article"
               f" and doubled letters dropped); keys shorter than {MIN_FUZZY} classes must be equal, longer ones may differ"
               f" by Indel similarity ≥ {SAME_NAME}.",
               "This key is built for recall: each Arabic name also meets about 40 of the ~8,000 other held-out"
               " spellings. Resolution therefore never accepts a skeleton match alone: it also asks for alike spellings,"
               " agreeing first names, the same kind, or a single candidate.",
               "The pairs are mostly Western names written in Arabic, a harder case for vowel-less keys than Arabic"
               " names written in Latin."],
        data=str(data),
    )
