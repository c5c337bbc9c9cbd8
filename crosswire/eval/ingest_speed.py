"""`crosswire eval ingest-speed`: ingest and analysis throughput and peak memory at scale.

NTREX documents are replicated with small perturbations (a numbered headline, outlets
rotated) to the requested size, written as JSONL, then ingested and analysed in a fresh
process so its peak memory belongs to this run alone.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import resource
import tempfile
import time
from pathlib import Path

from crosswire.errors import EvalError
from crosswire.eval.fresh import in_fresh_process
from crosswire.eval.ntrex import read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.store.postgres import scratch_database

DEFAULT_SIZE = 10_000
OUTLETS = 20
FILE_SIZE = 1_000
# The per-document stages of ingest; linking has its own benchmark (`link-speed`).
STAGES = ("clean", "language", "metadata")


def write_corpus(data: Path, size: int, out: Path) -> None:
    """JSONL files of FILE_SIZE records each, as an export folder would hold them."""
    documents = [segs for docs in read_ntrex(data).values() for segs in docs.values()]
    out.mkdir()
    for first in range(0, size, FILE_SIZE):
        with (out / f"part-{first // FILE_SIZE:04d}.jsonl").open("w", encoding="utf-8") as handle:
            for n in range(first, min(first + FILE_SIZE, size)):
                segments = documents[n % len(documents)]
                record = {"title": f"{segments[0]} ({n + 1})", "text": "\n\n".join(segments[1:]),
                          "outlet": f"outlet-{n % OUTLETS}", "url": f"https://example.org/{n}"}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _measure(corpus: str, db: str, results: multiprocessing.Queue[dict]) -> None:
    from crosswire.engine.local import run_stages
    from crosswire.ingest.pipeline import ingest
    from crosswire.store import open_store

    with open_store(db) as store:
        started = time.perf_counter()
        report = ingest(store, [corpus])
        ingested = time.perf_counter()
        run_stages(store, list(STAGES))
        analysed = time.perf_counter()
    results.put({
        "stored": report.stored, "errors": [str(e) for e in report.errors[:5]],
        "ingest_s": ingested - started, "stages_s": analysed - ingested,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    })


def _run(corpus: Path, db: str, size: int, data: Path) -> dict:
    """One measured ingest and analysis, in a fresh process."""
    figures = in_fresh_process(_measure, str(corpus), db)
    if figures["errors"] or figures["stored"] != size:
        raise EvalError(str(data), f"benchmark corpus did not ingest cleanly: {figures['stored']} of {size} stored; {figures['errors']}")
    return figures


def _rates(figures: dict, size: int, prefix: str = "") -> dict[str, float]:
    return {f"{prefix}ingest_docs_per_s": size / figures["ingest_s"], f"{prefix}stages_docs_per_s": size / figures["stages_s"],
            f"{prefix}end_to_end_docs_per_s": size / (figures["ingest_s"] + figures["stages_s"])}


@evaluator("ingest-speed", folder="ntrex")
def evaluate_ingest_speed(data: Path, size: int | None = None) -> EvalResult:
    """Documents per second for ingest and for the stages, and peak memory, at 10k documents;
    on PostgreSQL too when `CROSSWIRE_EVAL_POSTGRES` names a server (a role that may create
    databases: `scripts/postgres-for-tests` prints one)."""
    size = size or DEFAULT_SIZE
    server = os.environ.get("CROSSWIRE_EVAL_POSTGRES")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(data, size, corpus)
        figures = _run(corpus, str(Path(tmp) / "speed.db"), size, data)
        db_mib = sum(p.stat().st_size for p in Path(tmp).glob("speed.db*")) / 2**20
        metrics = {"documents": size, **_rates(figures, size), "peak_rss_mib": figures["peak_rss_mib"], "database_mib": db_mib}
        if server:
            with scratch_database(server) as url:
                metrics.update(_rates(_run(corpus, url, size, data), size, "postgres_"))
    notes = [f"{size} documents in {-(-size // FILE_SIZE)} JSONL files; stages: {', '.join(STAGES)}.",
             "Peak RSS is the measuring process's maximum resident set (ingest + stages).",
             "postgres_*: the same run on PostgreSQL 15 on this machine (a local server, a fresh database)."
             if server else "Not measured on PostgreSQL (CROSSWIRE_EVAL_POSTGRES unset)."]
    return EvalResult("ingest-speed", metrics, notes=notes, data=str(data))
