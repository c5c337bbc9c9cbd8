"""The local runner: each stage over the documents it has not yet seen, in batches."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crosswire.errors import StageError
from crosswire.stages import REGISTRY, Stage, ordered, upstream_key
from crosswire.stages.registry import dependencies
from crosswire.store import Store

BATCH_SIZE = 256

# Shared inputs a stage may declare: how to load one from the store, and its version.
RESOURCES: dict[str, tuple[Callable[[Store], Any], Callable[[Store], str]]] = {
    "kb": (lambda store: store.knowledge_base(), lambda store: store.kb_version()),
}

# Called with (stage name, documents done, documents to do).
Progress = Callable[[str, int, int], None]


@dataclass
class RunReport:
    processed: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return " · ".join(f"{name} {n}" for name, n in self.processed.items()) or "nothing to do"


def run_stages(
    store: Store,
    names: list[str] | None = None,
    *,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> RunReport:
    """Run stages in dependency order over new or changed documents; idempotent."""
    stages = ordered(names)
    selected = {s.name for s in stages}
    report = RunReport()
    for stage in stages:
        upstream = input_key(store, stage)
        shared = {name: RESOURCES[name][0](store) for name in stage.resources}
        _check_upstream_done(store, stage, selected)
        if force:
            store.forget_stage(stage.name)
        todo = store.pending(stage.name, stage.version, upstream)
        if progress:
            progress(stage.name, 0, len(todo))
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            store.apply(stage.name, stage.version, upstream, stage(store.load_batch(chunk, stage.requires), **shared))
            if progress:
                progress(stage.name, start + len(chunk), len(todo))
        report.processed[stage.name] = len(todo)
    return report


def input_key(store: Store, stage: Stage) -> str:
    """What a stage's output depends on besides the document: the versions of the stages it
    reads and of the shared resources it or they use (editing the KB re-resolves mentions,
    and re-runs what reads them)."""
    used = set(stage.resources).union(*(REGISTRY[d].resources for d in dependencies(stage.name)))
    return ",".join([upstream_key(stage), *(f"{name}@{RESOURCES[name][1](store)}" for name in sorted(used))])


def _check_upstream_done(store: Store, stage: Stage, selected: set[str]) -> None:
    """A stage run alone must not read inputs its predecessors have not produced yet."""
    for dep in ordered(sorted(dependencies(stage.name) - selected)):
        if store.pending(dep.name, dep.version, input_key(store, dep)):
            raise StageError(stage.name, f"needs stage {dep.name!r} to run first (run `crosswire analyze` for all stages)")
