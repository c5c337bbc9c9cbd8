"""Measurements in a fresh process, so peak memory and model loading belong to one run."""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def in_fresh_process(target: Callable[..., None], *args: Any) -> dict[str, Any]:
    """Run `target(*args, queue)` in a spawned process and return what it puts on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures
