"""The local runner: each stage over the documents it has not yet seen, in batches.

With several workers, a stage that codes each document on its own runs its batches in
worker processes forked once per stage (they inherit the loaded knowledge base and load
their models once); this process reads the inputs and is the store's one writer, applying
results in the order the batches were read, so the store ends as a one-worker run leaves it.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from threadpoolctl import threadpool_limits

from crosswire.columns import DOCUMENT_COLUMNS
from crosswire.errors import StageError, StageFailure
from crosswire.kb import storage as kb_storage
from crosswire.stages import REGISTRY, Stage, ordered, upstream_key
from crosswire.stages.registry import dependencies
from crosswire.store import Store
from crosswire.store.handlers import missing_writers
from crosswire.text.embed import limit_threads

BATCH_SIZE = 256
# With workers, a stage's documents go out in batches this small, so every worker has some.
WORKER_BATCH = 16

# Shared inputs a stage may declare: how to load one from the store, and its version.
RESOURCES: dict[str, tuple[Callable[[Store], Any], Callable[[Store], str]]] = {
    "kb": (kb_storage.knowledge_base, kb_storage.kb_version),
}

# Called with (stage name, documents done, documents to do).
Progress = Callable[[str, int, int], None]


@dataclass
class RunReport:
    processed: dict[str, int] = field(default_factory=dict)
    failures: list[StageFailure] = field(default_factory=list)

    def summary(self) -> str:
        done = " · ".join(f"{name} {n}" for name, n in self.processed.items()) or "nothing to do"
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
) -> RunReport:
    """Run stages in dependency order over new or changed documents; idempotent. A document
    a stage fails on is recorded as failed (with the reason) and the run goes on. `workers`
    processes share the per-document stages (see the module's docstring)."""
    stages = ordered(names)
    if missing := missing_writers((c for s in REGISTRY.values() for c in s.assigns), ("doc_id", *DOCUMENT_COLUMNS)):
        raise StageError(", ".join(missing), "assigned by a stage but written by no store code (crosswire.store.handlers)")
    selected = {s.name for s in stages}
    report = RunReport()
    for stage in stages:
        upstream = input_key(store, stage)
        shared = {name: RESOURCES[name][0](store) for name in stage.resources}
        _check_upstream_done(store, stage, selected)
        if force:
            store.forget_stage(stage.name)
        elif retry_failed:
            store.forget_stage(stage.name, failures_only=True)
        todo = store.pending(stage.name, stage.version, upstream, after=tuple(sorted(dependencies(stage.name))))
        if progress:
            progress(stage.name, 0, len(todo))
        if workers > 1 and stage.per_document and len(todo) > WORKER_BATCH:
            report.failures += _run_in_workers(store, stage, upstream, todo, shared, workers, progress)
        else:
            for start in range(0, len(todo), batch_size):
                chunk = todo[start:start + batch_size]
                report.failures += _run_batch(store, stage, upstream, chunk, shared)
                if progress:
                    progress(stage.name, start + len(chunk), len(todo))
        report.processed[stage.name] = len(todo)
    return report


def default_workers() -> int:
    """Every core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# The stage and shared inputs of the worker processes of one stage, set before they fork.
_FORKED: dict[str, Any] = {}


def _one_blas_thread() -> None:
    """Workers share the cores already: a BLAS thread pool per worker would fight over them."""
    threadpool_limits(1)
    limit_threads(1)


def _work(batch: Any) -> Any:
    """In a worker: the stage over one batch, or None when it raises (the writer then runs
    the batch alone, document by document, to record who failed and why)."""
    try:
        return _FORKED["stage"](batch, **_FORKED["shared"])
    except Exception:  # noqa: BLE001  (handled by the writer's one-by-one rerun)
        return None


def _run_in_workers(store: Store, stage: Stage, upstream: str, todo: list[str], shared: dict[str, Any], workers: int,
                    progress: Progress | None) -> list[StageFailure]:
    """A per-document stage over `todo` in forked workers; results applied in reading order,
    with at most two batches per worker in flight (memory stays bounded). A first batch
    drawn from across `todo` (so from every language an archive groups together) runs here,
    so the models it loads are loaded once, before the workers fork."""
    first = todo[::max(1, len(todo) // WORKER_BATCH)][:WORKER_BATCH]
    taken = set(first)
    rest = [doc_id for doc_id in todo if doc_id not in taken]
    chunks = [rest[start:start + WORKER_BATCH] for start in range(0, len(rest), WORKER_BATCH)]
    failures = _run_batch(store, stage, upstream, first, shared)
    done = len(first)
    if progress:
        progress(stage.name, done, len(todo))
    _FORKED.update(stage=stage, shared=shared)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_one_blas_thread) as pool:
            pending: deque = deque()
            for chunk in [*chunks, None]:
                if chunk is not None:
                    pending.append((chunk, pool.apply_async(_work, (store.load_batch(chunk, stage.requires),))))
                while pending and (chunk is None or len(pending) >= 2 * workers):
                    finished, result = pending.popleft()
                    out = result.get()
                    if out is None:
                        failures += _run_batch(store, stage, upstream, finished, shared)
                    else:
                        store.apply(stage.name, stage.version, upstream, out)
                    done += len(finished)
                    if progress:
                        progress(stage.name, done, len(todo))
    finally:
        _FORKED.clear()
    return failures


def _run_batch(store: Store, stage: Stage, upstream: str, doc_ids: list[str], shared: dict[str, Any]) -> list[StageFailure]:
    """Run a stage over a batch; when it raises, over each document alone, so only the
    documents it cannot handle fail (recorded in the store, reported to the caller)."""
    try:
        out = stage(store.load_batch(doc_ids, stage.requires), **shared)
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001  (any fault in analysis code stays with its documents)
        if len(doc_ids) > 1:
            return [failure for doc_id in doc_ids for failure in _run_batch(store, stage, upstream, [doc_id], shared)]
        reason = _reason(exc)
        store.record_failure(stage.name, stage.version, upstream, doc_ids[0], reason)
        return [StageFailure(doc_ids[0], f"stage {stage.name} failed: {reason}")]
    store.apply(stage.name, stage.version, upstream, out)
    return []


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


def _check_upstream_done(store: Store, stage: Stage, selected: set[str]) -> None:
    """A stage run alone must not read inputs its predecessors have not produced yet."""
    for dep in ordered(sorted(dependencies(stage.name) - selected)):
        if store.pending(dep.name, dep.version, input_key(store, dep)):
            raise StageError(stage.name, f"needs stage {dep.name!r} to run first (run `crosswire analyze` for all stages)")
