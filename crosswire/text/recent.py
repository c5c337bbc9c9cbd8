"""A bounded memory of recent model results, so text a process has already run through a
model (a sentence the events and quotes stages both parse, a document resolved again after
learned aliases) is not run again.

A worker process forked for one stage dies with its memories. The ones named `sent_back`
(small results, such as a text's names) travel back with each batch's output and join the
memory of the process that forked it, so the workers it forks for later stages have them."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")

# The memories sent back from worker processes, by name.
SENT_BACK: dict[str, Recent[Any]] = {}


class Recent(Generic[Result]):
    """The last `size` results by key, the least recently used forgotten first."""

    def __init__(self, size: int, sent_back: str | None = None):
        self.size = size
        self._kept: OrderedDict[Hashable, Result] = OrderedDict()
        self._new: list[tuple[Hashable, Result]] | None = None      # noted only in a worker (`note_new`)
        if sent_back:
            SENT_BACK[sent_back] = self

    def many(self, keys: Sequence[Hashable], compute: Callable[[list[Hashable]], list[Result]]) -> list[Result]:
        """The results for `keys`, computing the missing ones in one call (models run faster
        over batches) and remembering them."""
        missing = list(dict.fromkeys(k for k in keys if k not in self._kept))
        computed = list(zip(missing, compute(missing), strict=True))
        self._kept.update(computed)
        if self._new is not None:
            self._new += computed
        found = []
        for key in keys:
            self._kept.move_to_end(key)
            found.append(self._kept[key])
        self._forget_oldest()
        return found

    def keep(self, results: list[tuple[Hashable, Result]]) -> None:
        """Remember results computed elsewhere."""
        for key, result in results:
            self._kept[key] = result
            self._kept.move_to_end(key)
        self._forget_oldest()

    def clear(self) -> None:
        self._kept.clear()

    def _forget_oldest(self) -> None:
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


def note_new() -> None:
    """In a worker process: from now on, note what the memories sent back compute."""
    for memory in SENT_BACK.values():
        memory._new = []


def take_new() -> dict[str, list[tuple[Hashable, Any]]]:
    """What the memories sent back computed since they were last taken, by name."""
    taken = {}
    for name, memory in SENT_BACK.items():
        if memory._new:
            taken[name], memory._new = memory._new, []
    return taken


def keep_new(results: dict[str, list[tuple[Hashable, Any]]]) -> None:
    """Remember what a worker's memories computed (`take_new`)."""
    for name, found in results.items():
        SENT_BACK[name].keep(found)
