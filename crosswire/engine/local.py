"""The local runner: each stage over the documents it has not yet seen, in batches."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from crosswire.errors import StageError
from crosswire.stages import Stage, ordered, upstream_key
from crosswire.stages.registry import dependencies
from crosswire.store import Store

BATCH_SIZE = 256

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
        upstream = upstream_key(stage)
        _check_upstream_done(store, stage, selected)
        if force:
            store.forget_stage(stage.name)
        todo = store.pending(stage.name, stage.version, upstream)
        if progress:
            progress(stage.name, 0, len(todo))
        for start in range(0, len(todo), batch_size):
            chunk = todo[start:start + batch_size]
            store.apply(stage.name, stage.version, upstream, stage(store.load_batch(chunk, stage.requires)))
            if progress:
                progress(stage.name, start + len(chunk), len(todo))
        report.processed[stage.name] = len(todo)
    return report


def _check_upstream_done(store: Store, stage: Stage, selected: set[str]) -> None:
    """A stage run alone must not read inputs its predecessors have not produced yet."""
    for dep in ordered(sorted(dependencies(stage.name) - selected)):
        if store.pending(dep.name, dep.version, upstream_key(dep)):
            raise StageError(stage.name, f"needs stage {dep.name!r} to run first (run `crosswire analyze` for all stages)")
