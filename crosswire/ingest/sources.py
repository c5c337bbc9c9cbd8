"""Expand the paths a user names into inputs: files, folders (recursive) and stdin."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosswire.errors import InputError

STDIN = "-"


@dataclass
class Input:
    source: str
    path: Path | None  # None for stdin

    def read_bytes(self, max_bytes: int) -> bytes:
        if self.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise InputError(self.source, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit (raise it with --max-bytes)")
            data = self.path.read_bytes()
        if len(data) > max_bytes:
            raise InputError(self.source, f"input is over the {_mb(max_bytes)} limit (raise it with --max-bytes)")
        return data


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def expand(paths: list[str]) -> Iterator[Input | InputError]:
    """Files in the order given; folders sorted and recursive, skipping hidden entries."""
    for name in paths:
        if name == STDIN:
            yield Input("<stdin>", None)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield Input(str(child), child)
        elif path.is_file():
            yield Input(str(path), path)
        elif path.exists():
            yield InputError(name, "not a regular file or folder")
        else:
            yield InputError(name, "no such file or folder")
