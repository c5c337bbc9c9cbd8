"""The runner: each stage over the documents it has not yet seen, in batches.

With several workers, a stage that codes each document on its own runs its batches in
parallel: in worker processes forked once per stage (they inherit the loaded knowledge base
and models, and read their batches through connections of their own), or on a Ray cluster
(`engine="ray"`, crosswire/engine/ray_data.py). This process is the store's one writer,
applying results in the order the batches were given, so the store ends as a one-worker run
leaves it. Stages that decide each document from the ones before it (clustering) run here,
over what the store holds.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from threadpoolctl import threadpool_limits

from crosswire.columns import DOCUMENT_COLUMNS
from crosswire.errors import StageError, StageFailure
from crosswire.kb import storage as kb_storage
from crosswire.stages import REGISTRY, Stage, ordered, upstream_key
from crosswire.stages.registry import AFTER_PASS, dependencies
from crosswire.store import Store, open_store
from crosswire.store.handlers import missing_writers
from crosswire.text.embed import limit_threads
from crosswire.text.recent import keep_new, note_new, take_new

BATCH_SIZE = 256
# With workers, a stage's documents go out in batches this small, so every worker has some.
WORKER_BATCH = 16

# Shared inputs a stage may declare: how to load one from the store, and its version.
RESOURCES: dict[str, tuple[Callable[[Store], Any], Callable[[Store], str]]] = {
    "kb": (kb_storage.knowledge_base, kb_storage.kb_version),
}

# Called with (stage name, documents done, documents to do).
Progress = Callable[[str, int, int], None]
# Runs one per-document stage over its pending documents in parallel and writes the results:
# (store, stage, input key, documents to do, shared inputs, progress) → failures.
ParallelRunner = Callable[[Store, Stage, str, list[str], dict[str, Any], Progress | None], list[StageFailure]]
ENGINES = ("local", "ray")


@dataclass
class RunReport:
    processed: dict[str, int] = field(default_factory=dict)
    failures: list[StageFailure] = field(default_factory=list)
    # Documents run again in the same run, by stage, after a corpus-wide decision (AFTER_PASS).
    again: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        done = " · ".join(f"{name} {n}" for name, n in self.processed.items()) or "nothing to do"
        if self.again:
            done += " · run again after learned aliases: " + " · ".join(f"{name} {n}" for name, n in self.again.items())
        return done + (f" · {len(self.failures)} failed" if self.failures else "")


def run_stages(
    store: Store,
    names: list[str] | None = None,
    *,
    force: bool = False,
    retry_failed: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
) -> RunReport:
    """Run stages in dependency order over new or changed documents; idempotent. A document
    a stage fails on is recorded as failed (with the reason) and the run goes on. `workers`
    processes share the per-document stages, forked here or (`engine="ray"`) as Ray tasks,
    on the cluster at `address` or on one started here (see the module's docstring). After
    the pass, corpus-wide decisions (AFTER_PASS) may send some documents through a stage
    and every stage reading its output once more, in the same run, whichever stages it was
    asked for, so the store is never left half-updated."""
    stages = ordered(names)
    parallel = parallel_runner(store, engine, workers, address)
    if missing := missing_writers((c for s in REGISTRY.values() for c in s.assigns), ("doc_id", *DOCUMENT_COLUMNS)):
        raise StageError(", ".join(missing), "assigned by a stage but written by no store code (crosswire.store.handlers)")
    selected = {s.name for s in stages}
    report = RunReport()
    for stage in stages:
        if force:
            store.forget_stage(stage.name)
        elif retry_failed:
            store.forget_stage(stage.name, failures_only=True)
        report.processed[stage.name] = _run_stage(store, stage, selected, parallel, batch_size, progress, report)
    redo: dict[str, set[str]] = {}
    for stage in stages:
        if decide := AFTER_PASS.get(stage.name):
            for name, doc_ids in decide(store).items():
                redo.setdefault(name, set()).update(doc_ids)
    again = [(s, set().union(*(ids for name, ids in redo.items() if name == s.name or name in dependencies(s.name))))
             for s in ordered()]                  # whichever stages this run was asked for
    rerun = {s.name for s, docs in again if docs}
    for stage, docs in again:
        if docs:
            store.forget_stage(stage.name, doc_ids=sorted(docs))
            if not _unfinished_upstream(store, stage, rerun):    # else left pending, for the run that gets to it
                report.again[stage.name] = _run_stage(store, stage, rerun, parallel, batch_size, progress, report)
    return report


def _run_stage(store: Store, stage: Stage, selected: set[str], parallel: ParallelRunner | None, batch_size: int,
               progress: Progress | None, report: RunReport) -> int:
    """One stage over the documents pending for it; how many there were."""
    upstream = input_key(store, stage)
    shared = {name: RESOURCES[name][0](store) for name in stage.resources}
    _check_upstream_done(store, stage, selected)
    todo = store.pending(stage.name, stage.version, upstream, after=tuple(sorted(dependencies(stage.name))))
    if progress:
        progress(stage.name, 0, len(todo))
    if parallel is not None and stage.per_document and len(todo) > WORKER_BATCH:
        report.failures += parallel(store, stage, upstream, todo, shared, progress)
    else:
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            report.failures += _run_batch(store, stage, upstream, chunk, shared)
            if progress:
                progress(stage.name, start + len(chunk), len(todo))
    return len(todo)


def check_engine(engine: str, address: str | None) -> None:
    """Refuse an engine and address that cannot go together, before any work."""
    if engine not in ENGINES:
        raise StageError(engine, f"unknown engine; choose one of {', '.join(ENGINES)}")
    if address and engine != "ray":
        raise StageError(engine, "runs on this machine: an --address is for --engine ray")


def parallel_runner(store: Store, engine: str, workers: int, address: str | None) -> ParallelRunner | None:
    """How the per-document stages share out their batches; None: all in this process."""
    check_engine(engine, address)
    if engine == "ray":
        from crosswire.engine.ray_data import RayRunner

        return RayRunner(store, workers, address)
    return ForkedWorkers(workers) if workers > 1 else None


def default_workers() -> int:
    """Every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# The stage and shared inputs of the worker processes of one stage, set before they fork;
# each worker adds its own read-only connection to the store.
_FORKED: dict[str, Any] = {}


def one_blas_thread() -> None:
    """Workers share the cores already: a BLAS thread pool per worker would fight over them."""
    threadpool_limits(1)
    limit_threads(1)


def _start_worker(location: str) -> None:
    one_blas_thread()
    note_new()
    _FORKED["store"] = open_store(location, create=False, readonly=True)
    _FORKED["store"].share_index_of(_FORKED["writer"])


def _work(doc_ids: list[str]) -> tuple[pa.RecordBatch | None, dict[str, str], dict[str, list]]:
    """In a worker: the stage over one batch, read here, so the writer only writes; with what
    the worker's model memories learned, which would otherwise die with it."""
    stage = _FORKED["stage"]
    return (*code_batch(stage, _FORKED["store"].load_rows(doc_ids, stage.requires), _FORKED["shared"]), take_new())


@dataclass(frozen=True)
class ForkedWorkers:
    """A per-document stage over forked worker processes (a `ParallelRunner`)."""

    workers: int

    def __call__(self, store: Store, stage: Stage, upstream: str, todo: list[str], shared: dict[str, Any],
                 progress: Progress | None) -> list[StageFailure]:
        """Results applied in reading order, with at most two batches per worker in flight
        (memory stays bounded). A first batch drawn from across `todo` (so from every
        language an archive groups together) runs here, so the models it loads are loaded
        once, before the workers fork."""
        first = todo[::max(1, len(todo) // WORKER_BATCH)][:WORKER_BATCH]
        taken = set(first)
        rest = [doc_id for doc_id in todo if doc_id not in taken]
        chunks = [rest[start:start + WORKER_BATCH] for start in range(0, len(rest), WORKER_BATCH)]
        failures = _run_batch(store, stage, upstream, first, shared)
        done = len(first)
        if progress:
            progress(stage.name, done, len(todo))
        _FORKED.update(stage=stage, shared=shared, writer=store)
        try:
            with multiprocessing.get_context("fork").Pool(self.workers, initializer=_start_worker,
                                                          initargs=(store.reopen_location,)) as pool:
                pending: deque = deque()
                for chunk in [*chunks, None]:
                    if chunk is not None:
                        pending.append((chunk, pool.apply_async(_work, (chunk,))))
                    while pending and (chunk is None or len(pending) >= 2 * self.workers):
                        finished, result = pending.popleft()
                        out, failed, learned = result.get()
                        keep_new(learned)
                        failures += store_results(store, stage, upstream, out, failed)
                        done += len(finished)
                        if progress:
                            progress(stage.name, done, len(todo))
        finally:
            _FORKED.clear()
        return failures


def _run_batch(store: Store, stage: Stage, upstream: str, doc_ids: list[str], shared: dict[str, Any]) -> list[StageFailure]:
    return store_results(store, stage, upstream, *code_batch(stage, store.load_rows(doc_ids, stage.requires), shared))


def code_batch(stage: Stage, rows: list[dict[str, Any]], shared: dict[str, Any]) -> tuple[pa.RecordBatch | None, dict[str, str]]:
    """A stage's output for a batch of loaded rows, and the documents it failed on (id →
    reason): when the stage raises, each document runs alone, so only the ones it cannot
    handle fail. Any process may run it; only the writer stores what it returns (`store_results`)."""
    try:
        return stage(rows, **shared), {}
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001  (any fault in analysis code stays with its documents)
        if len(rows) == 1:
            return None, {rows[0]["doc_id"]: _reason(exc)}
    outputs, failed = [], {}
    for row in rows:
        out, row_failed = code_batch(stage, [row], shared)
        outputs += [out] if out is not None else []
        failed |= row_failed
    return (pa.concat_batches(outputs) if outputs else None), failed


def store_results(store: Store, stage: Stage, upstream: str, out: pa.RecordBatch | None, failed: dict[str, str]
                  ) -> list[StageFailure]:
    """Write a batch's output and record the documents it failed on (reported to the caller)."""
    if out is not None:
        store.apply(stage.name, stage.version, upstream, out)
    for doc_id, reason in failed.items():
        store.record_failure(stage.name, stage.version, upstream, doc_id, reason)
    return [StageFailure(doc_id, f"stage {stage.name} failed: {reason}") for doc_id, reason in failed.items()]


def _reason(exc: BaseException) -> str:
    """The exception and where in crosswire it was raised, on one line."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/crosswire/" in f.filename]
    where = f" (at {frames[-1].filename.rsplit('/crosswire/', 1)[1]}:{frames[-1].lineno})" if frames else ""
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


def input_key(store: Store, stage: Stage) -> str:
    """What a stage's output depends on besides the document: the versions and fingerprints
    of the stage and the stages it reads, and of the shared resources it or they use
    (editing the KB re-resolves mentions, and re-runs what reads them)."""
    used = set(stage.resources).union(*(REGISTRY[d].resources for d in dependencies(stage.name)))
    return ",".join([upstream_key(stage), *(f"{name}@{RESOURCES[name][1](store)}" for name in sorted(used))])


def _unfinished_upstream(store: Store, stage: Stage, selected: set[str]) -> Stage | None:
    """A stage outside `selected` that `stage` reads and that has documents still to do."""
    return next((dep for dep in ordered(sorted(dependencies(stage.name) - selected))
                 if store.pending(dep.name, dep.version, input_key(store, dep))), None)


def _check_upstream_done(store: Store, stage: Stage, selected: set[str]) -> None:
    """A stage run alone must not read inputs its predecessors have not produced yet."""
    if dep := _unfinished_upstream(store, stage, selected):
        raise StageError(stage.name, f"needs stage {dep.name!r} to run first (run `crosswire analyze` for all stages)")
