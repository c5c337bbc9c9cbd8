"""Writing export files safely: a clear error for a folder that cannot hold them, each file
replaced atomically (readers never see half of one), and spreadsheet cells that cannot run
as formulas."""
from __future__ import annotations

import csv
import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from crosswire.errors import ExportError

# OWASP's advice for CSV injection: a cell starting with one of these is read as a formula
# by spreadsheet programs, so it gets a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def output_folder(out: Path) -> Path:
    """The folder exports go into, created if needed."""
    if out.exists() and not out.is_dir():
        raise ExportError(str(out), "is a file, not a folder; give --out a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(str(out), f"cannot create the folder ({_why(exc)})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ExportError(str(out), "cannot write into this folder (permission denied)")
    return out


@contextmanager
def replacing(folder: Path, name: str, newline: str | None = None, binary: bool = False) -> Iterator[IO[Any]]:
    """A file (text, or bytes when `binary`) written beside its target and moved over it
    only once complete."""
    target = folder / name
    if target.is_dir():
        raise ExportError(str(target), "a folder of this name is in the way of the export file")
    partial = folder / f"{name}.partial"
    try:
        with (partial.open("wb") if binary else partial.open("w", encoding="utf-8", newline=newline)) as handle:
            yield handle
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(str(target), f"cannot write ({_why(exc)}); the previous file, if any, is unchanged") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as written: text starting like a formula is prefixed
    with an apostrophe; numbers (a negative longitude) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return value.strip() == value


def write_csv(handle: IO[str], columns: list[str], rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> int:
    """Rows as CSV with formula-like cells neutralised; returns how many were written."""
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        count += 1
    return count
