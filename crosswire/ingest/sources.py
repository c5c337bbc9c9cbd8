"""Expand the paths a user names into inputs: files, folders (recursive) and stdin."""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosswire.errors import InputError
from crosswire.ingest.exported import DERIVED, is_export
from crosswire.store.base import KB_FILE

STDIN = "-"


@dataclass
class Input:
    source: str
    path: Path | None  # None for stdin

    def read_bytes(self, max_bytes: int) -> bytes:
        if self.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            data = _read_regular_file(self.path, self.source, max_bytes)
        if len(data) > max_bytes:
            raise InputError(self.source, f"input is over the {_mb(max_bytes)} limit (raise it with --max-bytes)")
        return data


@dataclass
class Skipped:
    """An entry of a folder left out on purpose, said so rather than silently dropped."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def _read_regular_file(path: Path, source: str, max_bytes: int) -> bytes:
    """The file's bytes; opened without blocking and checked to be a regular file, so a FIFO
    or a device put where a file was expected is refused instead of waiting forever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(source, "not a regular file")
        if info.st_size > max_bytes:
            raise InputError(source, f"file is {_mb(info.st_size)}, over the {_mb(max_bytes)} limit (raise it with --max-bytes)")
        return handle.read(max_bytes + 1)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 in a file
    name are written as escapes (`caf\\xe9.txt`) instead of failing later."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _walk(folder: Path, follow_links: bool) -> Iterator[Input | InputError | Skipped]:
    """Regular files under a folder in sorted order, hidden entries skipped; a symbolic link
    leading outside the folder is followed only when asked (and a folder never twice, so a
    link loop ends)."""
    root = folder.resolve()
    unreadable: list[OSError] = []
    seen: set[Path] = set()
    for here, dirs, files in os.walk(folder, followlinks=follow_links, onerror=unreadable.append):
        base = Path(here)
        yield from (InputError(display_name(e.filename or here), f"cannot read folder ({e.strerror})") for e in unreadable)
        unreadable.clear()
        seen.add(base.resolve())
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            child = base / name
            if child.is_symlink() and not (follow_links or _inside(child, root)):
                yield Skipped(display_name(child), "symbolic link leading outside the folder, not followed (use --follow-links)")
            elif child.resolve() not in seen and (follow_links or not child.is_symlink()):
                kept.append(name)
        dirs[:] = kept
        exported = is_export(base)
        for name in sorted(f for f in files if not f.startswith(".")):
            child = base / name
            if exported and name in DERIVED:
                yield Skipped(display_name(child), "records of a crosswire export: the stages find them again")
            elif exported and name == KB_FILE:
                continue                          # the export's KB and edits: restored by ingest (ingest/exported.py)
            elif child.is_symlink() and not (follow_links or _inside(child, root)):
                yield Skipped(display_name(child), "symbolic link leading outside the folder, not followed (use --follow-links)")
            elif child.is_file():
                yield Input(display_name(child), child)
            elif child.exists():
                yield Skipped(display_name(child), "not a regular file")
            elif child.is_symlink():
                yield Skipped(display_name(child), "broken symbolic link")
    yield from (InputError(display_name(e.filename or folder), f"cannot read folder ({e.strerror})") for e in unreadable)


def expand(paths: list[str], follow_links: bool = False) -> Iterator[Input | InputError | Skipped]:
    """Files in the order given; folders sorted and recursive, skipping hidden entries."""
    for name in paths:
        if name == STDIN:
            yield Input("<stdin>", None)
            continue
        path = Path(name)
        shown = display_name(name)
        if path.is_dir():
            yield from _walk(path, follow_links)
        elif path.is_file():
            yield Input(shown, path)
        elif path.exists():
            yield InputError(shown, "not a regular file or folder")
        else:
            yield InputError(shown, "no such file or folder")
