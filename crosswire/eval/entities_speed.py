"""`crosswire eval entities-speed`: documents per second through the `entities` stage.

The NTREX news documents (about 500 words each) in English, French and Arabic (the model,
model-plus-rules and rules-only paths) and Persian, each language in its own store, timed
over the stage alone: detection, resolution against the starter KB and gazetteer, role
facts, and the transactional write.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from crosswire.engine.local import run_stages
from crosswire.eval.ntrex import expected_lang, read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions
from crosswire.store import open_store
from crosswire.text.ner import MODELS, pipeline

FILES = ("eng", "fra", "arb", "fas")


@evaluator("entities-speed", folder="ntrex")
def evaluate_entities_speed(data: Path, size: int | None = None) -> EvalResult:
    """Entities-stage documents per second on news in four languages (two with a model)."""
    corpus = read_ntrex(data)
    rows, metrics, total_docs, total_time = [], {}, 0, 0.0
    for stem in FILES:
        if stem not in corpus:
            continue
        documents = list(corpus[stem].values())[:size] if size else list(corpus[stem].values())
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "speed.db") as store:
            source = Path(tmp) / f"{stem}.jsonl"
            source.write_text("".join(json.dumps({"text": "\n\n".join(d)}, ensure_ascii=False) + "\n" for d in documents),
                              encoding="utf-8")
            ingest(store, [str(source)], IngestOptions())
            run_stages(store, ["clean", "language"])
            store.knowledge_base()                    # the gazetteer is built once per process, outside the timing
            loading = time.perf_counter()
            if (lang := expected_lang(Path(stem))) in MODELS:
                pipeline(lang)
            load = time.perf_counter() - loading
            started = time.perf_counter()
            run_stages(store, ["entities"])
            elapsed = time.perf_counter() - started
            mentions = sum(1 for _ in store.export_records("mentions"))
        words = sum(len(" ".join(d).split()) for d in documents)
        rows.append([stem, len(documents), round(words / len(documents)), mentions, round(load, 2), round(len(documents) / elapsed, 2)])
        metrics[f"docs_per_s_{stem}"] = len(documents) / elapsed
        total_docs, total_time = total_docs + len(documents), total_time + elapsed
    metrics["docs_per_s"] = total_docs / total_time
    return EvalResult(
        "entities-speed", metrics, ["file", "documents", "words per doc", "mentions", "model load s", "docs/s"], rows,
        notes=["Steady state: each language's spaCy pipeline is loaded before the timing (its load time is shown; a"
               " process pays it once).",
               "English and French run spaCy's NER (tok2vec + ner only); Arabic and Persian run rules, the KB and the"
               " gazetteer."],
        data=str(data),
    )
