"""`crosswire eval entities-speed`, `quotes-speed`, `events-speed` and `framing-speed`: documents per second
through one stage.

The NTREX news documents (about 500 words each) in English, French and Arabic (the model,
model-plus-rules and rules-only paths) and Persian, each language in its own store, timed
over the stage alone (its predecessors run first, untimed): detection, resolution or
attribution, and the transactional write.
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
from crosswire.kb import storage as kb_storage
from crosswire.settings import IngestOptions
from crosswire.stages import REGISTRY
from crosswire.stages.registry import dependencies
from crosswire.store import open_store
from crosswire.store.handlers import export_records
from crosswire.text.embed import embed
from crosswire.text.ner import MODELS, pipeline

FILES = ("eng", "fra", "arb", "fas")
# What each timed stage writes, counted in the table.
PRODUCES = {"entities": "mentions", "quotes": "quotes", "events": "events", "framing": "framing"}


def _warm_up(stem: str) -> float:
    """Load what a process loads once (spaCy pipelines, sentence encoder) outside the timing."""
    started = time.perf_counter()
    if (lang := expected_lang(Path(stem))) in MODELS:
        pipeline(lang)
    embed(["warm up"])
    return time.perf_counter() - started


def measure(data: Path, stage: str, size: int | None) -> EvalResult:
    corpus = read_ntrex(data)
    before = [s.name for s in REGISTRY.values() if s.name in dependencies(stage)]
    rows, metrics, total_docs, total_time = [], {}, 0, 0.0
    for stem in (s for s in FILES if s in corpus):
        documents = list(corpus[stem].values())[:size] if size else list(corpus[stem].values())
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "speed.db") as store:
            source = Path(tmp) / f"{stem}.jsonl"
            source.write_text("".join(json.dumps({"text": "\n\n".join(d)}, ensure_ascii=False) + "\n" for d in documents),
                              encoding="utf-8")
            ingest(store, [str(source)], IngestOptions())
            run_stages(store, before)
            kb_storage.knowledge_base(store)                    # the gazetteer is built once per process
            load = _warm_up(stem)
            started = time.perf_counter()
            run_stages(store, [stage])
            elapsed = time.perf_counter() - started
            produced = sum(1 for _ in export_records(store, PRODUCES[stage]))
        words = sum(len(" ".join(d).split()) for d in documents)
        rows.append([stem, len(documents), round(words / len(documents)), produced, round(load, 2),
                     round(len(documents) / elapsed, 2)])
        metrics[f"docs_per_s_{stem}"] = len(documents) / elapsed
        total_docs, total_time = total_docs + len(documents), total_time + elapsed
    metrics["docs_per_s"] = total_docs / total_time
    return EvalResult(
        f"{stage}-speed", metrics,
        ["file", "documents", "words per doc", PRODUCES[stage], "warm-up s", "docs/s"], rows,
        notes=["Steady state: models a process loads once (spaCy NER and parser pipelines, the sentence encoder) load"
               " before the timing; their load time is shown.",
               "English and French run spaCy's NER (tok2vec + ner only); Arabic and Persian run rules, the KB and the"
               " gazetteer. Quotes embed each quote's words for grouping renderings across documents.",
               "Events read stored mentions, run word lists and the date parser on sentences with a trigger, and parse"
               " those sentences with spaCy in English and French; Persian has no event word lists, so it gets no events."],
        data=str(data),
    )


@evaluator("entities-speed", folder="ntrex")
def evaluate_entities_speed(data: Path, size: int | None = None) -> EvalResult:
    """Entities-stage documents per second on news in four languages (two with a model)."""
    return measure(data, "entities", size)


@evaluator("quotes-speed", folder="ntrex")
def evaluate_quotes_speed(data: Path, size: int | None = None) -> EvalResult:
    """Quotes-stage documents per second on news in four languages."""
    return measure(data, "quotes", size)


@evaluator("events-speed", folder="ntrex")
def evaluate_events_speed(data: Path, size: int | None = None) -> EvalResult:
    """Events-stage documents per second on news in four languages."""
    return measure(data, "events", size)


@evaluator("framing-speed", folder="ntrex")
def evaluate_framing_speed(data: Path, size: int | None = None) -> EvalResult:
    """Framing-stage documents per second on news in four languages."""
    return measure(data, "framing", size)
