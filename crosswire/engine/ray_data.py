"""The Ray runner: a per-document stage over a Ray cluster, with Ray Data's `map_batches`.

Batches of document ids go to `workers` tasks at a time; each task reads its documents from
the store itself, so only ids travel out and outputs back. Ray keeps its worker processes
between tasks, and each process keeps what it loaded (the knowledge base per version, the
models in their modules' caches) for every later batch and stage: a model is loaded once
per worker for the whole run. (An actor pool holds models as well, but for one stage only:
each stage loaded them again, 74 s against 53 s on 180 documents.)

The driver stays the store's one writer: it applies the outputs in the order the ids were
given (Ray Data keeps the order), so the store ends as the local runner leaves it. Stages
that decide each document from the ones before it run on the driver
(crosswire/engine/local.py). Workers on other machines reach the store by its URL: a
cluster at an `address` needs a PostgreSQL store; one started here may read a SQLite file.
"""
from __future__ import annotations

import json
import logging
import threading
import uuid
from typing import Any

import numpy as np
import pyarrow as pa

from crosswire.engine.local import RESOURCES, WORKER_BATCH, Progress, code_batch, one_blas_thread, store_results
from crosswire.errors import StageError, StageFailure
from crosswire.stages import REGISTRY, Stage
from crosswire.store import Store, open_store
from crosswire.store.postgres import is_postgres

# The object store holds only ids and outputs of batches in flight: a small one leaves the
# memory to the workers' models.
OBJECT_STORE_BYTES = 256 * 1024 ** 2


def code_ids(batch: dict[str, np.ndarray], location: str, stage_name: str, run: str) -> dict[str, list[Any]]:
    """In a Ray worker: a stage over a batch of document ids, read from the store. One row per
    batch: its output as Arrow IPC bytes (exactly the batch the writer applies, whatever its
    column types) and the documents it failed on."""
    doc_ids = [str(doc_id) for doc_id in batch["doc_id"]]
    stage, store, shared = _for_run(location, stage_name, run)
    out, failed = code_batch(stage, store.load_rows(doc_ids, stage.requires), shared)
    return {"output": [_to_bytes(out)], "failed": [json.dumps(failed)], "size": [len(doc_ids)]}


# This worker process's part in the stage run under way (one stage over one list of
# documents): the stage, its shared inputs, and a read-only store per thread (Ray calls from
# threads of its own; a SQLite connection serves one). A new run opens the store again: it
# holds what earlier runs wrote, the vector index included.
_RUN: dict[str, Any] = {}
# Shared inputs by (location, name) → (version, value): the knowledge base is loaded once per version.
_SHARED: dict[tuple[str, str], tuple[str, Any]] = {}


def _for_run(location: str, stage_name: str, run: str) -> tuple[Stage, Store, dict[str, Any]]:
    if _RUN.get("run") != run:
        one_blas_thread()
        store = open_store(location, create=False, readonly=True)
        stage = REGISTRY[stage_name]
        _RUN.update(run=run, stage=stage, local=threading.local(),
                    shared={name: _shared(store, location, name) for name in stage.resources})
        _RUN["local"].store = store
    local = _RUN["local"]
    if not hasattr(local, "store"):
        local.store = open_store(location, create=False, readonly=True)
    return _RUN["stage"], local.store, _RUN["shared"]


def _shared(store: Store, location: str, name: str) -> Any:
    load, version_of = RESOURCES[name]
    version = version_of(store)
    if _SHARED.get((location, name), (None,))[0] != version:
        _SHARED[(location, name)] = (version, load(store))
    return _SHARED[(location, name)][1]


class RayRunner:
    """A per-document stage over Ray workers (a `ParallelRunner` of crosswire/engine/local.py)."""

    def __init__(self, store: Store, workers: int, address: str | None) -> None:
        if address and not is_postgres(store.reopen_location):
            raise StageError("ray", "workers on other machines cannot read a SQLite file: give a postgresql:// store "
                                    "with --db")
        try:
            import ray.data  # noqa: F401  (checked before any stage runs)
        except ImportError:
            raise StageError("ray", "Ray is not installed: pip install 'crosswire[ray]'") from None
        self.workers = workers
        self.address = address

    def __call__(self, store: Store, stage: Stage, upstream: str, todo: list[str], shared: dict[str, Any],
                 progress: Progress | None) -> list[StageFailure]:
        ray_data = self._connect()
        results = ray_data.from_items([{"doc_id": doc_id} for doc_id in todo]).map_batches(
            code_ids, fn_kwargs={"location": store.reopen_location, "stage_name": stage.name, "run": uuid.uuid4().hex},
            batch_size=WORKER_BATCH, batch_format="numpy", compute=ray_data.TaskPoolStrategy(size=self.workers),
            num_cpus=1)
        failures: list[StageFailure] = []
        done = 0
        for row in results.iter_rows():
            failures += store_results(store, stage, upstream, _from_bytes(row["output"]), json.loads(row["failed"]))
            done += int(row["size"])
            if progress:
                progress(stage.name, done, len(todo))
        return failures

    def _connect(self) -> Any:
        """Ray Data, on the cluster at the address or a local one of `workers` CPUs started
        once per process (or the one the caller started)."""
        import ray
        import ray.data

        if not ray.is_initialized():
            try:
                ray.init(address=self.address, num_cpus=None if self.address else self.workers,
                         object_store_memory=None if self.address else OBJECT_STORE_BYTES,
                         include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise StageError("ray", f"cannot reach a Ray cluster at {self.address or 'this machine'} ({exc})") from None
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        return ray.data


def _to_bytes(batch: pa.RecordBatch | None) -> bytes:
    if batch is None:
        return b""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def _from_bytes(data: bytes) -> pa.RecordBatch | None:
    if not data:
        return None
    with pa.ipc.open_stream(data) as reader:
        return reader.read_next_batch()
