"""Generic frames of an article (the 14 of the Media Frames Corpus codebook, spelled as
SemEval-2023 Task 3 spells them), from the multilingual sentence vectors the pipeline
already stores, so every language the encoder knows gets them.

Each frame is the mean vector of sentences the project wrote for it (`examples/`, `crosswire
train framing`). Each sentence of an article spreads one unit of weight over the frames by
a softmax of its similarity to them (`temperature`); a frame's confidence is its share of
the article's weight, and the article takes every frame whose share reaches `threshold`
(at least its strongest). Temperature and threshold were chosen on one half of SemEval's
English articles (BENCHMARKS.md) and are kept in `model.json` beside the frame vectors.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from crosswire.text.embed import DIM


@dataclass(frozen=True)
class FrameModel:
    frames: tuple[str, ...]
    centroids: np.ndarray          # frames x DIM, unit length
    temperature: float
    threshold: float

    def shares(self, vectors: np.ndarray) -> np.ndarray:
        """sentences x frames: how each sentence's weight spreads over the frames."""
        scores = (vectors @ self.centroids.T) * self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        weights = np.exp(scores)
        return weights / weights.sum(axis=1, keepdims=True)

    def article(self, vectors: np.ndarray) -> list[tuple[str, float, int]]:
        """The article's frames, strongest first: (frame, confidence, index of the sentence
        that carries it most)."""
        if not len(vectors):
            return []
        shares = self.shares(vectors)
        mean = shares.mean(axis=0)
        chosen = [i for i in np.argsort(-mean) if mean[i] >= self.threshold] or [int(np.argmax(mean))]
        return [(self.frames[i], round(float(mean[i]), 4), int(np.argmax(shares[:, i]))) for i in chosen]


def save(model: FrameModel, card: dict, target: Path) -> None:
    np.savez_compressed(target / "frames.npz", centroids=model.centroids.astype(np.float16))
    card = {**card, "frames": list(model.frames), "temperature": model.temperature, "threshold": model.threshold}
    (target / "frames.json").write_text(json.dumps(card, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")


@lru_cache(maxsize=1)
def shipped() -> FrameModel:
    """The frame model inside the package, loaded once per process."""
    folder = resources.files("crosswire.framing")
    card = json.loads((folder / "frames.json").read_text("utf-8"))
    with resources.as_file(folder / "frames.npz") as path, np.load(path) as weights:
        centroids = weights["centroids"].astype(np.float32)
    if centroids.shape != (len(card["frames"]), DIM):
        raise ValueError(f"crosswire/framing/frames.npz: shape {centroids.shape}, expected ({len(card['frames'])}, {DIM})")
    return FrameModel(tuple(card["frames"]), centroids, float(card["temperature"]), float(card["threshold"]))
