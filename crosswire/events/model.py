"""Which ACLED happening, if any, a sentence reports: a linear model learned from examples
the project writes itself (`examples/`, `crosswire train events`), over two views of the
sentence that serve every language:

- its multilingual sentence vector (the vectors the pipeline already stores), which
  carries meaning across languages;
- hashed character 4-grams of its words and hashed word pairs, which carry the words
  that decide between close types (stones thrown: a riot; a sit-in: a protest);
- the PLOVER types and modes of the trigger words the language's word lists find in it
  ("air attack": FIGHT/aerial), the same labels in every language.

The weights ship in `model.npz`, with `model.json` saying what made them.
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse

from crosswire.langdata.letters import strip_marks
from crosswire.text.embed import DIM
from crosswire.text.events import Trigger, vocabulary

NONE = "none"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hashing:
    """How words become features; stored with the weights, so a model is read as it was made."""

    buckets: int = 16384
    char_n: int = 4
    scale: float = 3.0          # weight of the word view against the sentence vector (both unit length)
    rule_scale: float = 1.0     # weight of the trigger view


def word_features(texts: list[str], hashing: Hashing) -> sparse.csr_matrix:
    """One row per text: character n-grams of each word (with its edges marked) and
    adjacent word pairs, hashed into buckets, scaled to length `hashing.scale`."""
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        words = _WORD.findall(strip_marks(text).casefold())
        grams = {f"<{w}>"[i:i + hashing.char_n] for w in words for i in range(max(1, len(w) + 3 - hashing.char_n))}
        grams |= {f"{a[:6]}_{b[:6]}" for a, b in pairwise(words)}
        buckets = sorted({zlib.crc32(g.encode("utf-8")) % hashing.buckets for g in grams})
        if buckets:
            rows += [row] * len(buckets)
            cols += buckets
            values += [hashing.scale / len(buckets) ** 0.5] * len(buckets)
    return sparse.csr_matrix((np.asarray(values, dtype=np.float32), (rows, cols)), shape=(len(texts), hashing.buckets))


@lru_cache(maxsize=1)
def trigger_labels() -> tuple[str, ...]:
    """Every PLOVER type and type/mode the trigger word lists can give, in a fixed order."""
    types = vocabulary()["types"]
    return tuple(sorted({key for key in types} | {f"{t}/{m}" for t, entry in types.items() if "/" not in t
                                                    for m in entry.get("modes", [])}))


def rule_features(found: list[list[Trigger]], scale: float) -> np.ndarray:
    """One row per sentence: its triggers' types and type/modes, one-hot, at length `scale`."""
    index = {label: i for i, label in enumerate(trigger_labels())}
    matrix = np.zeros((len(found), len(index)), dtype=np.float32)
    for row, triggers_ in enumerate(found):
        for t in triggers_:
            for label in (t.type, f"{t.type}/{t.mode}" if t.mode else None):
                if label in index:
                    matrix[row, index[label]] = 1.0
        if (norm := np.linalg.norm(matrix[row])) > 0:
            matrix[row] *= scale / norm
    return matrix


@dataclass(frozen=True)
class HappeningModel:
    labels: tuple[str, ...]
    dense: np.ndarray           # DIM x labels: weights of the sentence vector
    hashed: np.ndarray          # buckets x labels: weights of the word features
    ruled: np.ndarray           # trigger labels x labels: weights of the word lists' trigger types
    bias: np.ndarray
    hashing: Hashing

    def probabilities(self, texts: list[str], vectors: np.ndarray, found: list[list[Trigger]]) -> np.ndarray:
        """One row per sentence: the chance of each label (ACLED sub-event types and `none`),
        from its text, its vector and the triggers the word lists found in it."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        scores = (vectors @ self.dense + word_features(texts, self.hashing) @ self.hashed
                  + rule_features(found, self.hashing.rule_scale) @ self.ruled + self.bias)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def save(model: HappeningModel, card: dict, target: Path) -> None:
    """Write the weights (float16: half the size, the same decisions) and the model card."""
    np.savez_compressed(target / "model.npz", dense=model.dense.astype(np.float16), hashed=model.hashed.astype(np.float16),
                        ruled=model.ruled.astype(np.float16), bias=model.bias.astype(np.float32))
    card = {**card, "labels": list(model.labels), "hashing": model.hashing.__dict__}
    (target / "model.json").write_text(json.dumps(card, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def shipped() -> HappeningModel:
    """The model inside the package, loaded once per process."""
    folder = resources.files("crosswire.events")
    card = json.loads((folder / "model.json").read_text("utf-8"))
    with resources.as_file(folder / "model.npz") as path, np.load(path) as weights:
        dense, hashed, ruled, bias = (weights[k].astype(np.float32) for k in ("dense", "hashed", "ruled", "bias"))
    if dense.shape[0] != DIM:
        raise ValueError(f"crosswire/events/model.npz: sentence weights of dimension {dense.shape[0]}, expected {DIM}")
    return HappeningModel(tuple(card["labels"]), dense, hashed, ruled, bias, Hashing(**card["hashing"]))
