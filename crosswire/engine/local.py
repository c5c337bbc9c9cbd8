"""The local runner: each stage over the documents it has not yet seen, in batches."""
from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crosswire.columns import DOCUMENT_COLUMNS
from crosswire.errors import StageError, StageFailure
from crosswire.kb import storage as kb_storage
from crosswire.stages import REGISTRY, Stage, ordered, upstream_key
from crosswire.stages.registry import dependencies
from crosswire.store import Store
from crosswire.store.handlers import missing_writers

BATCH_SIZE = 256

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
) -> RunReport:
    """Run stages in dependency order over new or changed documents; idempotent. A document
    a stage fails on is recorded as failed (with the reason) and the run goes on."""
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
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            report.failures += _run_batch(store, stage, upstream, chunk, shared)
            if progress:
                progress(stage.name, start + len(chunk), len(todo))
        report.processed[stage.name] = len(todo)
    return report


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
