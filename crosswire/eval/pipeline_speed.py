"""`crosswire eval pipeline-speed`: the whole pipeline, as `crosswire run` runs it (ingest,
then every stage), on news in English, French and Arabic: documents per second end to
end, the time of each stage, and peak memory.

This machine is shared and its speed drifts, so the same run also times spaCy's full
English and French pipelines (tagger, parser, NER…) on the English and French documents:
the ratio to them says how the pipeline compares with a yardstick measured minutes apart.
Each measurement runs in a fresh process, so its peak memory and its model loading belong
to it alone. The runners measured: the local one with one and with two worker processes,
and Ray with two workers (on a local cluster, when Ray is installed).

`--size 1000,10000,…` (or one size) draws a curve instead: at each size, every runner's documents per
second, cost per document, peak memory and store size (a section of its own).
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
from crosswire.eval.fresh import PeakMemory, in_fresh_process
from crosswire.eval.ntrex import read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.text.ner import MODELS

# The NTREX files measured and how many documents of each (about 360 words each).
FILES = {"eng": "en", "fra": "fr", "arb": "ar"}
PER_FILE = 60
OUTLETS = 5
# Records per corpus file, as an archive comes in many files: one file of 10,000 documents
# would pass ingest's size limit.
FILE_RECORDS = 1000
# How many functions the profile lists.
HOT_FUNCTIONS = 12
# Runners measured: label → (workers, engine).
RUNNERS = {"1 worker": (1, "local"), "2 workers": (2, "local"), "Ray, 2 workers": (2, "ray")}


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


def _pipeline(corpus: str, db: str, workers: int, engine: str, profiled: bool, results: multiprocessing.Queue) -> None:
    """Ingest and every stage, timed stage by stage (model loading included, as a user waits
    for it), with `workers` processes of the `engine`; `profiled`: under cProfile, for where
    the time goes. Peak memory: this process alone (RSS), and with every process it started
    (workers, Ray's processes: `PeakMemory`)."""
    from crosswire.engine.local import run_stages
    from crosswire.ingest.pipeline import ingest
    from crosswire.stages import ordered
    from crosswire.store import open_store

    profiler = cProfile.Profile() if profiled else None
    times: dict[str, float] = {}
    with open_store(db) as store, PeakMemory() as memory:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        report = ingest(store, [corpus])
        times["ingest"] = time.perf_counter() - started
        failures = 0
        for stage in ordered():
            began = time.perf_counter()
            failures += len(run_stages(store, [stage.name], workers=workers, engine=engine).failures)
            times[stage.name] = time.perf_counter() - began
        if profiler:
            profiler.disable()
    results.put({"stored": report.stored, "ingest": report.summary(), "failures": failures, "times": times,
                 "hot": _hot(profiler) if profiler else [],
                 "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "peak_total_mib": memory.peak_mib})


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


def _runners() -> dict[str, tuple[int, str]]:
    """The runners this installation has (Ray is an extra)."""
    try:
        import ray  # noqa: F401
    except ImportError:
        return {label: how for label, how in RUNNERS.items() if how[1] != "ray"}
    return RUNNERS


def _measured(records: list[tuple[str, dict[str, str]]], data: Path, runners: dict[str, tuple[int, str]],
              profiled: bool = False) -> dict[str, dict]:
    """Each runner's run over the records in a fresh process, with the store's size."""
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for part, start in enumerate(range(0, len(records), FILE_RECORDS)):
            (corpus / f"part-{part:05d}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for _, r in records[start:start + FILE_RECORDS]),
                encoding="utf-8")
        for n, (label, (workers, engine)) in enumerate([*runners.items(), *([("profile", (1, "local"))] if profiled else [])]):
            db = Path(tmp) / f"run{n}.db"
            runs[label] = in_fresh_process(_pipeline, str(corpus), str(db), workers, engine, label == "profile")
            runs[label]["database_mib"] = sum(p.stat().st_size for p in Path(tmp).glob(f"{db.name}*")) / 2**20
            runs[label]["docs_per_s"] = len(records) / sum(runs[label]["times"].values())
            for path in Path(tmp).glob(f"{db.name}*"):
                path.unlink()
    for label, run in runs.items():
        if run["stored"] != len(records) or run["failures"]:
            raise EvalError(str(data), f"{label}: {run['stored']} of {len(records)} stored ({run['ingest']}),"
                                       f" {run['failures']} stage failures")
    return runs


@evaluator("pipeline-speed", folder="ntrex", sizes=True)
def evaluate_pipeline_speed(data: Path, size: tuple[int, ...] | None = None) -> EvalResult:
    """End-to-end documents per second (ingest and every stage) on English, French and Arabic
    news, per-stage time and peak memory, beside spaCy's full pipelines on the same texts;
    with sizes, a curve."""
    if size:
        return _curve(data, size)
    records = fixed_set(data)
    runners = _runners()
    runs = _measured(records, data, runners, profiled=True)
    figures, two, profile = runs["1 worker"], runs["2 workers"], runs["profile"]
    spacy_texts = {lang: [f"{r['title']}\n\n{r['text']}" for of, r in records if of == lang] for lang in MODELS}
    spacy_docs = sum(map(len, spacy_texts.values()))
    spacy_rate = spacy_docs / in_fresh_process(_spacy, spacy_texts)["seconds"]
    total = sum(figures["times"].values())
    rate = figures["docs_per_s"]
    rows = [[name, round(seconds, 2), f"{100 * seconds / total:.1f}%", round(len(records) / seconds, 1)]
            for name, seconds in figures["times"].items()]
    metrics = {"documents": len(records), "docs_per_s": rate, "spacy_docs_per_s": spacy_rate,
               "ratio_to_spacy": rate / spacy_rate, "docs_per_s_2_workers": two["docs_per_s"],
               "two_workers_speedup": two["docs_per_s"] / rate, "ratio_to_spacy_2_workers": two["docs_per_s"] / spacy_rate}
    if ray := runs.get("Ray, 2 workers"):
        metrics |= {"docs_per_s_ray_2_workers": ray["docs_per_s"], "ray_to_local_2_workers": ray["docs_per_s"] / two["docs_per_s"]}
    metrics |= {"peak_rss_mib": figures["peak_rss_mib"], "peak_total_mib": figures["peak_total_mib"],
                "peak_total_mib_2_workers": two["peak_total_mib"],
                **({"peak_total_mib_ray_2_workers": ray["peak_total_mib"]} if ray else {}),
                "database_mib": figures["database_mib"],
                **{f"seconds_{name.replace('-', '_')}": seconds for name, seconds in figures["times"].items()}}
    notes = [f"{len(records)} documents: {PER_FILE} NTREX news documents in each of English, French and Arabic.",
             "Times include loading models, as `crosswire run` does in a fresh process; the table is one worker's run,"
             " docs_per_s_2_workers the same run with `--workers 2`, docs_per_s_ray_2_workers with `--engine ray"
             " --workers 2` on a local Ray cluster started by the run (its start included). peak_rss_mib: the main"
             " process; peak_total_mib: it and every process it started (workers, Ray's), as proportional set sizes"
             " sampled each second (pages forked workers share count once).",
             f"spaCy yardstick: {' and '.join(MODELS.values())}, every"
             " component, over the English and French documents, loading included, in a fresh process.",
             f"Where the time goes (a second run under cProfile, {sum(profile['times'].values()):.0f} s; own time, then with"
             " callees): " + "; ".join(f"`{where}` {own:.1f} s / {inclusive:.1f} s" for where, own, inclusive in profile["hot"]) + "."]
    return EvalResult("pipeline-speed", metrics, ["step", "seconds", "share", "docs/s"], rows, notes=notes,
                      data=str(data))


def _curve(data: Path, sizes: tuple[int, ...]) -> EvalResult:
    """Every runner at each size: documents per second, cost per document, peak memory and
    store size as the archive grows."""
    rows, metrics = [], {}
    for size in sizes:
        for label, run in _measured(fixed_set(data, size), data, _runners()).items():
            key = label.lower().replace(",", "").replace(" ", "_")
            metrics |= {f"docs_per_s_{key}_{size}": run["docs_per_s"], f"peak_total_mib_{key}_{size}": run["peak_total_mib"]}
            rows.append([size, label, round(run["docs_per_s"], 2), round(1000 / run["docs_per_s"], 1),
                         round(run["peak_rss_mib"]), round(run["peak_total_mib"]), round(run["database_mib"], 1)])
    notes = [f"{PER_FILE} NTREX news documents in each of English, French and Arabic, replicated under numbered"
             " headlines and other outlets up to each size (the link stage finds the copies).",
             "Each run starts from an empty store in a fresh process, models loaded within the time; ms/doc is the"
             " run's time per document. Peak memory: the main process (RSS), and all: it with every process it"
             " started (workers, Ray's), proportional set sizes sampled each second."]
    return EvalResult("pipeline-speed-curve", metrics,
                      ["documents", "runner", "docs/s", "ms/doc", "peak MiB (main)", "peak MiB (all)", "store MiB"],
                      rows, notes=notes, data=str(data))
