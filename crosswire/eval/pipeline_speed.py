"""`crosswire eval pipeline-speed`: the whole pipeline, as `crosswire run` runs it (ingest,
then every stage), on news in English, French and Arabic: documents per second end to
end, the time of each stage, and peak memory.

This machine is shared and its speed drifts, so the same run also times spaCy's full
English and French pipelines (tagger, parser, NER…) on the English and French documents:
the ratio to them says how the pipeline compares with a yardstick measured minutes apart.
Each measurement runs in a fresh process, so its peak memory and its model loading belong
to it alone.
"""
from __future__ import annotations

import cProfile
import json
import multiprocessing
import pstats
import resource
import tempfile
import time
from pathlib import Path

from crosswire.errors import EvalError
from crosswire.eval.fresh import in_fresh_process
from crosswire.eval.ntrex import read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.text.ner import MODELS

# The NTREX files measured and how many documents of each (about 360 words each).
FILES = {"eng": "en", "fra": "fr", "arb": "ar"}
PER_FILE = 60
OUTLETS = 5
# How many functions the profile lists.
HOT_FUNCTIONS = 12


def fixed_set(data: Path, size: int | None = None) -> list[tuple[str, dict[str, str]]]:
    """(language, record): PER_FILE documents of each file; beyond those, the same documents
    again under a numbered headline and another outlet, so the link stage finds near-copies."""
    corpus = read_ntrex(data)
    missing = [stem for stem in FILES if stem not in corpus]
    if missing:
        raise EvalError(str(data), f"NTREX files missing: {', '.join(missing)}")
    base = [(FILES[stem], segments) for stem in FILES for segments in list(corpus[stem].values())[:PER_FILE]]
    records = []
    for n in range(size or len(base)):
        lang, segments = base[n % len(base)]
        title = segments[0] if n < len(base) else f"{segments[0]} ({n // len(base) + 1})"
        records.append((lang, {"title": title, "text": "\n\n".join(segments[1:]), "outlet": f"outlet-{n % OUTLETS}",
                               "url": f"https://example.org/{n}"}))
    return records


def _pipeline(corpus: str, db: str, workers: int, profiled: bool, results: multiprocessing.Queue) -> None:
    """Ingest and every stage, timed stage by stage (model loading included, as a user waits
    for it), with `workers` processes; `profiled`: under cProfile, for where the time goes."""
    from crosswire.engine.local import run_stages
    from crosswire.ingest.pipeline import ingest
    from crosswire.stages import ordered
    from crosswire.store import open_store

    profiler = cProfile.Profile() if profiled else None
    times: dict[str, float] = {}
    with open_store(db) as store:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        report = ingest(store, [corpus])
        times["ingest"] = time.perf_counter() - started
        failures = 0
        for stage in ordered():
            began = time.perf_counter()
            failures += len(run_stages(store, [stage.name], workers=workers).failures)
            times[stage.name] = time.perf_counter() - began
        if profiler:
            profiler.disable()
    results.put({"stored": report.stored, "failures": failures, "times": times, "hot": _hot(profiler) if profiler else [],
                 "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _hot(profiler: cProfile.Profile) -> list[tuple[str, float, float]]:
    """The functions that spend the most time in their own code: (where, own s, with callees s)."""
    stats = pstats.Stats(profiler).stats            # (file, line, name) → (calls, primitive, own, cumulative, callers)
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[:HOT_FUNCTIONS]
    return [(f"{Path(file).name}:{line} {name}" if line else name, own, cumulative)
            for (file, line, name), (_, _, own, cumulative, _) in ranked]


def _spacy(texts: dict[str, list[str]], results: multiprocessing.Queue) -> None:
    """spaCy's full pipelines over the same texts, loading included."""
    import spacy

    started = time.perf_counter()
    for lang, batch in texts.items():
        for _ in spacy.load(MODELS[lang]).pipe(batch):
            pass
    results.put({"seconds": time.perf_counter() - started})


@evaluator("pipeline-speed", folder="ntrex")
def evaluate_pipeline_speed(data: Path, size: int | None = None) -> EvalResult:
    """End-to-end documents per second (ingest and every stage) on English, French and Arabic
    news, per-stage time and peak memory, beside spaCy's full pipelines on the same texts."""
    records = fixed_set(data, size)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for _, r in records), encoding="utf-8")
        figures = in_fresh_process(_pipeline, str(corpus), str(Path(tmp) / "speed.db"), 1, False)
        db_mib = sum(p.stat().st_size for p in Path(tmp).glob("speed.db*")) / 2**20
        two = in_fresh_process(_pipeline, str(corpus), str(Path(tmp) / "two.db"), 2, False)
        profile = in_fresh_process(_pipeline, str(corpus), str(Path(tmp) / "profiled.db"), 1, True)
    for run in (figures, two, profile):
        if run["stored"] != len(records) or run["failures"]:
            raise EvalError(str(data), f"{run['stored']} of {len(records)} stored, {run['failures']} stage failures")
    spacy_texts = {lang: [f"{r['title']}\n\n{r['text']}" for of, r in records if of == lang] for lang in MODELS}
    spacy_docs = sum(map(len, spacy_texts.values()))
    spacy_rate = spacy_docs / in_fresh_process(_spacy, spacy_texts)["seconds"]
    total = sum(figures["times"].values())
    rate = len(records) / total
    rows = [[name, round(seconds, 2), f"{100 * seconds / total:.1f}%", round(len(records) / seconds, 1)]
            for name, seconds in figures["times"].items()]
    two_rate = len(records) / sum(two["times"].values())
    metrics = {"documents": len(records), "docs_per_s": rate, "spacy_docs_per_s": spacy_rate,
               "ratio_to_spacy": rate / spacy_rate, "docs_per_s_2_workers": two_rate, "two_workers_speedup": two_rate / rate,
               "peak_rss_mib": figures["peak_rss_mib"], "database_mib": db_mib,
               **{f"seconds_{name.replace('-', '_')}": seconds for name, seconds in figures["times"].items()}}
    notes = [f"{len(records)} documents: {PER_FILE} NTREX news documents in each of English, French and Arabic"
             + (", replicated under numbered headlines" if size and size > PER_FILE * len(FILES) else "") + ".",
             "Times include loading models, as `crosswire run` does in a fresh process; the table is one worker's run,"
             " docs_per_s_2_workers the same run with `--workers 2`. Peak memory: the one-worker process.",
             f"spaCy yardstick: {' and '.join(MODELS.values())}, every"
             " component, over the English and French documents, loading included, in a fresh process.",
             f"Where the time goes (a second run under cProfile, {sum(profile['times'].values()):.0f} s; own time, then with"
             " callees): " + "; ".join(f"`{where}` {own:.1f} s / {inclusive:.1f} s" for where, own, inclusive in profile["hot"]) + "."]
    return EvalResult("pipeline-speed", metrics, ["step", "seconds", "share", "docs/s"], rows, notes=notes,
                      data=str(data))
