"""A bounded memory of recent model results, so text a process has already run through a
model (a sentence the events and quotes stages both parse, a document resolved again after
learned aliases) is not run again."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

Result = TypeVar("Result")


class Recent(Generic[Result]):
    """The last `size` results by key, the least recently used forgotten first."""

    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict[Hashable, Result] = OrderedDict()

    def many(self, keys: Sequence[Hashable], compute: Callable[[list[Hashable]], list[Result]]) -> list[Result]:
        """The results for `keys`, computing the missing ones in one call (models run faster
        over batches) and remembering them."""
        missing = list(dict.fromkeys(k for k in keys if k not in self._kept))
        for key, result in zip(missing, compute(missing), strict=True):
            self._kept[key] = result
        found = []
        for key in keys:
            self._kept.move_to_end(key)
            found.append(self._kept[key])
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return found
