"""What crosswire derives once from installed packages and its language data (the place
gazetteer, the small-town index), kept in the user's cache folder (`CROSSWIRE_CACHE`, else
`$XDG_CACHE_HOME/crosswire` or `~/.cache/crosswire`): building them reads tens of MB of
GeoNames data each time a process starts, reading them back a fraction of a second.

A kept copy is keyed by what it was derived from: the versions of the packages named, the
code of crosswire's language-data modules and every language file (overrides included).
Change any of them and it is built again; where the folder cannot be written, each process
builds it again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

from crosswire.langdata import language_files

T = TypeVar("T")
_MODULES = Path(__file__).parent


def cache_folder() -> Path:
    """Where crosswire keeps what it derives once from installed packages."""
    if folder := os.environ.get("CROSSWIRE_CACHE"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "crosswire"


def _key(packages: tuple[str, ...]) -> str:
    digest = hashlib.sha1()
    for package in packages:
        digest.update(f"{package}=={version(package)}\n".encode())
    for module in sorted(_MODULES.glob("*.py")):
        digest.update(module.read_bytes())
    for name, path in language_files().items():
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cached(name: str, packages: tuple[str, ...], build: Callable[[], T]) -> T:
    """The kept copy of `name` if it was derived from what is installed now, else `build()`,
    kept for the next process (older copies of it removed)."""
    folder = cache_folder()
    path = folder / f"{name}-{_key(packages)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass                                    # not built yet, or unreadable: build it
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".pickle", delete=False) as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for older in folder.glob(f"{name}-*"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass                                    # a read-only home: build again next time
    return built
