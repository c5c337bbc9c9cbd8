"""Measurements in a fresh process, so peak memory and model loading belong to one run."""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

import psutil


def in_fresh_process(target: Callable[..., None], *args: Any) -> dict[str, Any]:
    """Run `target(*args, queue)` in a spawned process and return what it puts on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures


class PeakMemory:
    """The most memory this process and every process it started held at once, sampled each
    `interval` seconds: proportional set sizes, so a page forked workers share counts once,
    split between them, and the sum is what the run costs the machine (Ray's processes too)."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while True:
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue             # ended between listing and reading
            self.peak_mib = max(self.peak_mib, total / 2**20)
            if self._stop.wait(self.interval):
                return
