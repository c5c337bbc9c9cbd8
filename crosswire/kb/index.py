"""KB actors indexed by name keys: find their names in text, and look a mention up.

Lookups go from strict to loose — exact folded alias, organization key, consonant
skeleton, then fuzzy skeleton among actors sharing the last word — and each answer says
which step found it, so a resolution's evidence shows how much to trust it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import accumulate

from rapidfuzz.distance import Indel

from crosswire.kb.format import Actor
from crosswire.langdata import bare_word, word_set
from crosswire.langdata.letters import ARABIC_CLITICS, ARABIC_SCRIPT
from crosswire.langdata.names import (
    SAME_NAME,
    folded,
    org_key,
    skeleton,
    skeleton_similarity,
)
from crosswire.langdata.places import Gazetteer
from crosswire.text.terms import word_zipf

# Words of running text, with the apostrophes and hyphens names carry inside them.
WORD = re.compile(r"[\w’'ʿ-]+")
_ARABIC_PROCLITIC = re.compile(rf"^[{ARABIC_CLITICS}](?=ال|\w{{3,}})")
MAX_NAME_WORDS = 7
# Skeleton lookups need this many consonant classes, and spellings this alike.
MIN_SKELETON = 3
SPELLED_ALIKE = 0.6
# A one-word city smaller than this needs a place cue ("in", "في") before it.
UNCUED_CITY_POPULATION = 1_000_000
# A place known only from alternate names needs a cue and at least this many letters.
MIN_CUED_PLACE = 4
# An alternate city name this frequent as a word (wordfreq Zipf) needs a cue even for a big city.
COMMON_WORD_ZIPF = 5.5
# Languages in Latin letters whose most frequent words are no uncued alternate place name.
LATIN_WORD_LANGS = ("en", "fr", "es", "de")
# How many words `scan` remembers the answer for (an archive's vocabulary is unbounded).
WORDS_REMEMBERED = 200_000
# A name this short ("US", "PA", "IS") is matched only as written, letter case included.
ACRONYM_MAX = 5


@dataclass(frozen=True)
class Match:
    actor_id: str
    score: float
    method: str      # alias | org_key | skeleton | fuzzy


@dataclass(frozen=True)
class Found:
    """A KB or gazetteer name found in text."""

    start: int
    end: int
    actor_id: str
    alias: str
    kind: str


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isupper() and len(letters) <= ACRONYM_MAX and letters.isalpha()


class KnowledgeBase:
    """The curated actors, and behind them the gazetteer of countries and cities."""

    def __init__(self, actors: list[Actor], version: str = "0", places: Gazetteer | None = None):
        self.version = version
        self.places = places
        self.actors = {a.id: a for a in actors}
        self.by_folded: dict[str, set[str]] = defaultdict(set)
        self.by_org_key: dict[str, set[str]] = defaultdict(set)
        self.by_skeleton: dict[str, set[str]] = defaultdict(set)
        self.by_last: dict[str, set[str]] = defaultdict(set)
        self.acronyms: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        for actor in actors:
            for alias in actor.names():
                if _is_acronym(alias.text):
                    self.acronyms[alias.text.replace(".", "")].add(actor.id)
                    continue
                if not (key := folded(alias.text)):
                    continue
                self.by_folded[key].add(actor.id)
                if actor.kind == "organization":
                    self.by_org_key[org_key(alias.text)].add(actor.id)
                if skel := skeleton(alias.text):
                    self.by_skeleton[skel.replace(" ", "")].add(actor.id)
                    self.by_last[skel.split()[-1]].add(actor.id)
                    self.skeletons[actor.id].add(skel)
        # Every word of a folded KB or gazetteer name, and the words folding drops: a run of
        # text with another word in it is no name, and `scan` never folds it whole.
        self.key_words = {w for key in (*self.by_folded, *(places.by_folded if places else ())) for w in key.split()}
        self.key_words |= word_set("honorifics") | {"al", "el"}
        self._in_keys: dict[str, bool] = {}

    def __len__(self) -> int:
        return len(self.actors)

    def kind_of(self, entity_id: str) -> str | None:
        if entity_id in self.actors:
            return self.actors[entity_id].kind
        return "location" if self.places and entity_id in self.places.places else None

    def place(self, key: str, cued: bool = True, surface: str = "") -> str | None:
        """The gazetteer's place for a folded name (most populous first), or the KB actor
        that is that place under the gazetteer's English name. `cued`: the text just before
        says a place follows ("في", "in"). Uncued, a big city's alternate name counts unless
        the `surface` as written is one of the language's most frequent words ("المدينة":
        Medina, and "the city")."""
        ids = self.places.by_folded.get(key) if self.places else None
        if not ids:
            return None
        city = ids[0].startswith("geonames:")
        if key in self.places.needs_cue and len(key.replace(" ", "")) < MIN_CUED_PLACE:
            return None
        if key in self.places.needs_cue and not cued and (not (
                city and self.places.places[ids[0]].population >= UNCUED_CITY_POPULATION) or _common_word(surface)):
            return None       # an alternate name counts uncued only for a city everyone knows
        if key in self.places.alternate and not cued and _common_word(surface):
            return None       # "Par" (Paris in GeoNames) opening "Par conséquent"
        if city and not cued and " " not in key and self.places.places[ids[0]].population < UNCUED_CITY_POPULATION:
            return None       # "Hassan", "Florence": a one-word town's name is often a person's
        known = [a for a in self.by_folded.get(folded(self.places.places[ids[0]].name), ())
                 if self.actors[a].kind in ("location", "facility")]
        return known[0] if len(known) == 1 else ids[0]

    def lookup(self, name: str, kind: str | None = None) -> list[Match]:
        """KB actors this name may denote, best first; an empty list when none does."""
        compact = name.replace(".", "").strip()
        if _is_acronym(compact) and compact in self.acronyms:
            return [Match(i, 1.0, "alias") for i in sorted(self.acronyms[compact])]
        key = folded(name)
        if not key:
            return []
        skel = skeleton(name)
        steps = [(self.by_folded.get(key), 1.0, "alias"), (self.by_org_key.get(org_key(name)), 0.95, "org_key")]
        if len(skel.replace(" ", "")) >= MIN_SKELETON:
            steps.append((self.by_skeleton.get(skel.replace(" ", "")), 0.9, "skeleton"))
        for found, score, method in steps:
            if found := {i for i in found or () if method != "skeleton" or self._spelled_alike(i, key)}:
                return [Match(i, score, method) for i in sorted(found)]
        if place := self.place(key):
            return [Match(place, 0.85, "gazetteer")]
        if not skel or len(skel.split()) < 2:
            return []        # a lone word is resolved by context (coreference), never fuzzily here
        matches = []
        for actor_id in self.by_last.get(skel.split()[-1], ()):
            best = max(_person_name_similarity(skel, s) for s in self.skeletons[actor_id])
            if best >= SAME_NAME:
                matches.append(Match(actor_id, round(0.85 * best, 3), "fuzzy"))
        return sorted(matches, key=lambda m: (-m.score, m.actor_id))

    def _spelled_alike(self, actor_id: str, key: str) -> bool:
        """Equal skeletons from unlike spellings ("China", "Sanaa") are chance."""
        return any(Indel.normalized_similarity(key, folded(a.text)) >= SPELLED_ALIKE for a in self.actors[actor_id].names())

    def scan(self, text: str) -> list[Found]:
        """Every KB name written in the text, longest first where they overlap. Works in
        any script: Arabic proclitics (و، ب، ل، ف، ك) before a name are left outside it.
        A name's words are separated by spaces only: never across punctuation or lines."""
        words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        foreign = list(accumulate((not self._in_names(w) for _, _, w in words), initial=0))   # words no name holds, so far
        found: list[Found] = []
        taken_until = -1
        for i, (start, _, first) in enumerate(words):
            if start < taken_until:
                continue
            run = 1
            while run < min(MAX_NAME_WORDS, len(words) - i) and text[words[i + run - 1][1]:words[i + run][0]] == " ":
                run += 1
            cued = i > 0 and (bare_word(words[i - 1][2], word_set("place_cues")) is not None     # "في", "وفي"
                              or (i > 1 and words[i - 1][2][:1].isupper()
                                  and _AREA_AFTER_NAME.fullmatch(text, words[i - 1][1], start) is not None
                                  and not _SENTENCE_BREAK.search(text, words[i - 2][1], words[i - 1][0])))
            for n in range(run, 0, -1):
                end = words[i + n - 1][1]
                named = foreign[i + n] == foreign[i]
                hit = self._match_surface(text[start:end], start, cued) if named or (n == 1 and _is_acronym(first)) else None
                if hit is None and named and (clitic := _ARABIC_PROCLITIC.match(first)):
                    located = cued or first[0] in "بل"
                    hit = self._match_surface(text[start + clitic.end():end], start + clitic.end(), located)
                    if hit is None and first.startswith("لل"):       # "للأمم": ل + الأمم, the article's alef dropped
                        hit = self._match_surface(text[start + 2:end], start + 2, False)
                        hit = hit and replace(hit, start=hit.start - 1)
                if hit and hit.end == words[i][1] and self._inside_longer_name(text, hit, words, i):   # one word: "Dar" of "Dar el"
                    break
                if hit:
                    found.append(hit)
                    taken_until = hit.end
                    break
        return found

    def _in_names(self, word: str) -> bool:
        """Whether every piece of a folded word is a word of some name, as written or after
        an Arabic proclitic ("وبغداد", "للأمم": ل + الأمم, as `scan` reads them)."""
        if word not in self._in_keys:
            if len(self._in_keys) > WORDS_REMEMBERED:
                self._in_keys.clear()
            forms = [word, word[1:] if _ARABIC_PROCLITIC.match(word) else "", word[2:] if word.startswith("لل") else ""]
            self._in_keys[word] = any(form and all(w in self.key_words for w in folded(form).split()) for form in forms)
        return self._in_keys[word]

    def _inside_longer_name(self, text: str, hit: Found, words: list[tuple[int, int, str]], i: int) -> bool:
        """A one-word alternate name of a gazetteer place written next to other name words
        ("Los Alamos", "Kan Thit", "Boca del Rio", "Dar el Hamra") is part of another place's name."""
        if not self.places or hit.actor_id not in self.places.places or folded(hit.alias) not in self.places.alternate:
            return False
        def capitalized(j: int) -> bool:
            return 0 <= j < len(words) and words[j][2][:1].isupper()
        def joined(j: int) -> bool:                  # word j and word j + 1 are one space apart
            return 0 <= j < len(words) - 1 and text[words[j][1]:words[j + 1][0]] == " "
        def particle(j: int) -> bool:               # "del", "el": a short lower-case word inside a name
            return 0 <= j < len(words) and words[j][2].islower() and len(words[j][2]) <= 3
        return (joined(i) and capitalized(i + 1)) or (joined(i - 1) and capitalized(i - 1) and i > 1
                                                       and not _SENTENCE_BREAK.search(text, words[i - 2][1], words[i - 1][0])) \
            or (i > 1 and particle(i - 1) and joined(i - 1) and joined(i - 2) and capitalized(i - 2)) \
            or (particle(i + 1) and joined(i) and joined(i + 1) and capitalized(i + 2))

    def _match_surface(self, surface: str, start: int, cued: bool) -> Found | None:
        surface = surface.rstrip("-’'")
        if not surface:
            return None
        ids = self.acronyms.get(surface.replace(".", "")) if _is_acronym(surface.replace(".", "")) else None
        if not ids:
            cased = surface.lower() != surface.upper()
            if cased and surface == surface.lower():
                return None       # names in cased scripts carry a capital ("al-Fajr", "bande de Gaza")
            key = folded(surface)
            ids = self.by_folded.get(key)
            if not ids and (place := self.place(key, cued, surface)):
                ids = {place}
            if ids and len(ids) == 1:
                start, surface = _tighten(surface, start, key)
                if cased and surface == surface.lower():
                    return None       # tightened to a lower-case word ("the Al …": "the")
        if ids and len(ids) == 1:
            actor_id = next(iter(ids))
            return Found(start, start + len(surface), actor_id, surface, self.kind_of(actor_id) or "location")
        return None


# A name written right after another name and a comma or an open bracket is its area
# ("Lyman, Donetsk", "Girboa (Gujba, Yobe)"): news writes places this way. A sentence's
# first word is capitalized anyway ("However, Florence …").
_AREA_AFTER_NAME = re.compile(r",\s*|\s*\(")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]")


def _common_word(surface: str) -> bool:
    """One of the most frequent words of Arabic, or of a language written in Latin letters."""
    if ARABIC_SCRIPT.search(surface):
        return word_zipf(surface, "ar") >= COMMON_WORD_ZIPF
    return " " not in surface and max(word_zipf(surface.lower(), lang) for lang in LATIN_WORD_LANGS) >= COMMON_WORD_ZIPF


def _tighten(surface: str, start: int, key: str) -> tuple[int, str]:
    """Leave out leading and trailing words the key ignores ("Sheikh", "the")."""
    words = list(WORD.finditer(surface))
    first, last = 0, len(words)
    while last - first > 1 and folded(surface[words[first + 1].start():words[last - 1].end()]) == key:
        first += 1
    while last - first > 1 and folded(surface[words[first].start():words[last - 2].end()]) == key:
        last -= 1
    return start + words[first].start(), surface[words[first].start():words[last - 1].end()]


def _person_name_similarity(a: str, b: str) -> float:
    """Whole-name similarity that also asks the first words to agree: "Samir al-Rawi" and
    "Ali al-Rawi" share a surname but are two people."""
    whole = skeleton_similarity(a.replace(" ", ""), b.replace(" ", ""))
    first_a, first_b = a.split()[0], b.split()[0]
    if len(a.split()) > 1 and len(b.split()) > 1 and skeleton_similarity(first_a, first_b) < SAME_NAME:
        return 0.0
    return whole
