"""Stage `events`: what happened — PLOVER-typed events with actors, targets, place, date,
counts and modality, each pointing at the words that say it.

Triggers, modality and counts come from the per-language word lists of
crosswire/text/events.py, dates from crosswire/text/dates.py; this module ties them to
the entities the `entities` stage found. Within a sentence, triggers of one type are one
event until a trigger brings a new target ("targeted base A in 3 operations… in addition
to targeting base B with two drones" is two). Who acts is the nearest actor before the
trigger that is not a speaker, an agent after "by", or the subject of a relative clause
after it ("the attack that US forces carried out"); a pronoun subject is the last person
named before. The same method runs in every language; what it could not find stays empty.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

import numpy as np

from crosswire.events.happenings import (
    Happening,
    anchor,
    coding,
    happenings,
    told_as_past,
    with_acts_told,
)
from crosswire.events.records import event_record
from crosswire.kb.index import KnowledgeBase
from crosswire.kb.resolve import pronoun_antecedent
from crosswire.langdata import (
    for_language,
    longest_first,
    word_pattern,
    word_set,
    words,
)
from crosswire.langdata.calendar import calendar_words
from crosswire.langdata.letters import fold_word
from crosswire.langdata.names import folded
from crosswire.langdata.places import AREA_KINDS, country_near
from crosswire.langdata.settlements import settlements
from crosswire.stages.registry import stage
from crosswire.text.dates import event_date
from crosswire.text.embed import DIM, from_bytes
from crosswire.text.events import (
    VIOLENT,
    Trigger,
    acled,
    background,
    counts,
    definite,
    fold,
    governed,
    habitual,
    harmed_uncounted,
    language_pattern,
    modality,
    occurred,
    reframe,
    report_likeness,
    same_kind,
    self_detonation,
    symmetric,
    triggers,
)
from crosswire.text.normalize import short_hash
from crosswire.text.quotes import cues, reported_speech
from crosswire.text.sentences import sentence_spans
from crosswire.text.syntax import Roles, parse_sentences, roles

ACTOR_KINDS = ("person", "organization", "location")
TARGET_KINDS = ("person", "organization", "location", "facility")
# Modalities of an event that took place as told; threatened, denied, planned or supposed ones did not (yet).
HAPPENED = ("reported", "claimed")
# Dates precise enough to pin a happening down ("on Monday", "7 November"); "in 1981" is not.
ANCHORING_PRECISIONS = ("day", "week")
# Counts of people harmed: anywhere in its sentence, they make a violent event a specific report.
CASUALTIES = frozenset({"fatalities", "unknown_fatalities", "injured", "abducted"})
# Counts of munitions: they make a report only when the munitions were fired (langdata `launch_verbs`).
MUNITIONS = frozenset({"rockets", "drones"})
# Mentions whose words are names, never event triggers ("بعقوبة", the city).
NAMED_KINDS = ("location", "facility", "person")
# Types whose unnamed objects are their victims ("killed three civilians", "arrested 12 students").
HARMS = ("ASSAULT", "FIGHT", "COERCE")
# Assault modes any armed force uses; an assault in one of them by a state is FIGHT.
CONVENTIONAL = (None, "aerial", "firearms")
# Sentences longer than this (characters) are not parsed; word-order rules read them.
MAX_PARSED = 600
# A bracket right after a place's name ("Saca (Shaca) area"), lower-case words before a name ("in downtown Lander").
_BRACKET = re.compile(r"\s*\([^()]*\)")
_LOWER_WORDS = re.compile(r"(?:[a-zà-ÿ]+\s+){1,2}(?=[A-ZÀ-Þ])")
# One word of several capitals ("PKK", "NCoS"): a group's acronym, rarely a place.
_ACRONYM = re.compile(r"[A-Z]\w*[A-Z]\w*")
# Gazetteer ids of countries and first-level areas (not towns).
_AREA_IDS = ("iso:", "iso3166-2:")
# A first-level area written right after a place: "X, Region" or "X (District, Region)" (the last name).
_AREA_AFTER = re.compile(r"\s*(?:,\s*|\((?:[^()]*,\s*)?)([A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)*)")
# A sentence opens with its day when no more words than this come before it ("Early on …").
OPENING_WORDS = 2
# How far from a place a country or first-level area may be named to say where that place is.
AREA_REACH = 120
# A happening the model gives less than this (its sub-event's mean probability) is kept only
# when the rules find a specific report in it (a toll, a named victim, a date and a place).
# Chosen on the dev split of the ACLED notes: it keeps 96% of their happenings.
MIN_HAPPENING = 0.3
# Sentences after a happening that may still tell its toll ("Four passengers died.").
TOLL_SENTENCES = 2
# A subject without a name is kept as its words ("Swiss doctors") up to this length.
MAX_PHRASE_WORDS = 8
# Between two coordinated actors ("Hamas and Islamic Jihad", "Israël et le Hamas").
_COORDINATION = re.compile(r"^\s*(?:,|،|and|et|و|&)?\s*(?:the|le|la|les|l')?\s*$", re.IGNORECASE)


# After a preposition, a mention may follow an article and up to two words ("in the
# northern town of X").
_PREP_GAP = r"\s+(?:(?:the|le|la|les|l'|l’|du|des|de\s+la)\s+)?(?:\S+\s+){0,2}$"


@dataclass(frozen=True)
class _NamePatterns:
    """Names in a cased script: capitalized words joined by spaces or hyphens, with the
    lower-case particles such names hold (`place_particles`: "San Pedro de Valmora")."""

    after_cue: re.Pattern[str]          # "in Wakema town" is Wakema
    then_area: re.Pattern[str]          # a name before the first-level area that holds it: "(Orlu, Imo)" or "Orlu, Imo"
    bracketed: re.Pattern[str]          # one name in brackets after a place, its kind between them or not
    hyphenated_rest: re.Pattern[str]    # the rest of a hyphenated name a model cut at its first hyphen ("Tressan | -en-Velay")


@lru_cache(maxsize=1)
def _names() -> _NamePatterns:
    particle = "|".join(re.escape(w) for w in longest_first(words("place_particles")))
    name = rf"[A-ZÀ-ÖØ-Þ][\w’'/-]*(?:[ -](?:(?:{particle})[ -])?[A-ZÀ-ÖØ-Þ][\w’'/-]*)*"
    return _NamePatterns(
        re.compile(rf"\s*({name})"),
        re.compile(rf"\(\s*({name})\s*,\s*({name})\s*\)|(?<![\w’'-])({name}),\s*({name})(?![\w’'-])"),
        re.compile(rf"(?:\s+[a-z]+)?\s*(?:\(\s*({name})\s*\)|\[\s*({name})\s*\])"),
        re.compile(rf"(?:-(?:{particle})-[A-ZÀ-ÖØ-Þ][\w’']*)+"))


def _after_prep(text: str, lang: str | None, key: str, start: int, floor: int) -> bool:
    """Whether a word of the preposition list `key` stands right before the mention at `start`;
    between them, a comma only ends a name listed first ("in Cucuyulapa, Tabasco": both are
    places; "in the north, X" is no place)."""
    gap = fold(text[max(floor, start - 40):start])
    found = language_pattern(lang, key, after=_PREP_GAP).search(gap)
    if found is None or re.search(r"[;:.،]", found.group()):
        return False
    return all(word[:1].isupper() for word in re.findall(r"(\S+),", found.group()))


@lru_cache(maxsize=None)
def _demonym_pattern(lang: str | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    names = {fold(k).lower(): v for data in for_language(lang, "demonyms") for k, v in data.items()}
    if not names:
        return None, names
    alternatives = "|".join(re.escape(k) for k in longest_first(names))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), names


def demonym_mentions(text: str, lang: str | None, start: int, end: int, kb: KnowledgeBase,
                     mentions: list[dict]) -> list[dict]:
    """Nationality words as state actors ("American forces", "القوات الأمريكية"), where no
    mention already covers the word."""
    pattern, names = _demonym_pattern(lang)
    found = []
    for m in pattern.finditer(fold(text), start, end) if pattern else ():
        if any(x["start"] < m.end() and m.start() < x["end"] for x in mentions):
            continue
        matches = kb.lookup(names[m.group().lower()])
        found.append({"start": m.start(), "end": m.end(), "kind": "location", "entity_id": matches[0].actor_id if matches else None,
                      "method": "demonym", "score": 0.6, "name": names[m.group().lower()]})
    return found


def _party(text: str, m: dict, how: str) -> dict[str, Any]:
    return {"entity_id": m["entity_id"], "text": text[m["start"]:m["end"]], "start": m["start"], "end": m["end"], "how": how,
            "kind": m["kind"], "method": m["method"]}


def _with_coordinated(text: str, chosen: dict, pool: list[dict], leftwards: bool) -> list[dict]:
    """The chosen mention and those coordinated with it ("Hungarian and Romanian officials")."""
    group = [chosen]
    ordered = sorted(pool, key=lambda m: m["start"], reverse=leftwards)
    for m in ordered:
        edge = group[-1]
        gap = text[m["end"]:edge["start"]] if leftwards else text[edge["end"]:m["start"]]
        if (m["start"] < edge["start"] if leftwards else m["start"] > edge["end"]) and _COORDINATION.match(gap):
            group.append(m)
    return sorted(group, key=lambda m: m["start"])


def _actors(text: str, lang: str | None, sentence: tuple[int, int], trigger: Trigger, region_end: int,
            mentions: list[dict], antecedent: dict | None) -> list[dict[str, Any]]:
    before = [m for m in mentions if sentence[0] <= m["start"] and m["end"] <= trigger.start and m["kind"] in ACTOR_KINDS
              and not _after_prep(text, lang, "event_place_preps", m["start"], sentence[0])
              and not cues().search(text, m["end"], trigger.start)]
    agent = [m for m in mentions if trigger.end <= m["start"] < region_end and m["kind"] in ACTOR_KINDS
             and _after_prep(text, lang, "event_agent_preps", m["start"], trigger.end)]
    if agent:
        return [_party(text, m, "agent") for m in _with_coordinated(text, agent[0], agent, leftwards=False)]
    if before:
        people = [m for m in before if m["kind"] != "location"]
        chosen = people[-1] if people and trigger.start - people[-1]["end"] < 120 else before[-1]
        return [_party(text, m, "subject") for m in _with_coordinated(text, chosen, before, leftwards=True)]
    relative = word_pattern("relative_pronouns")
    for m in mentions:
        if trigger.end <= m["start"] < region_end and m["kind"] in ACTOR_KINDS and \
                relative.search(text, trigger.end, m["start"]) and len(text[trigger.end:m["start"]].split()) <= 4:
            return [_party(text, m, "relative")]
    pronoun = word_pattern("speaker_pronouns").search(text, sentence[0], trigger.start)
    if pronoun and antecedent and len(text[sentence[0]:pronoun.start()].split()) <= 3:
        return [{**_party(text, antecedent, "pronoun"), "start": pronoun.start(), "end": pronoun.end(),
                 "text": text[pronoun.start():pronoun.end()], "antecedent": [antecedent["start"], antecedent["end"]]}]
    return []


def _targets(text: str, lang: str | None, trigger: Trigger, region_end: int, mentions: list[dict],
             actors: list[dict]) -> list[dict[str, Any]]:
    taken = {(a["start"], a["end"]) for a in actors}
    after = [m for m in mentions if trigger.end <= m["start"] < region_end and m["kind"] in TARGET_KINDS
             and (m["start"], m["end"]) not in taken and not _after_prep(text, lang, "event_agent_preps", m["start"], trigger.end)]
    marked = [m for m in after if _after_prep(text, lang, "event_target_preps", m["start"], trigger.end)]
    plain = [m for m in after if not _after_prep(text, lang, "event_place_preps", m["start"], trigger.end)
             and len(text[trigger.end:m["start"]].split()) <= 4]
    chosen = (marked or plain or [None])[0]
    if chosen is None:
        return []
    named = [m for m in after if m["method"] != "demonym" and chosen["end"] <= m["start"]
             and len(text[chosen["end"]:m["start"]].split()) <= 2]
    if chosen["method"] == "demonym" and named:
        chosen = named[0]                              # "la base américaine Tamara": Tamara is the target
    return [_party(text, m, "object") for m in _with_coordinated(text, chosen, after, leftwards=False)]


def _location(text: str, lang: str | None, region: tuple[int, int], sentence: tuple[int, int], targets: list[dict],
              parties: list[dict], mentions: list[dict], kb: KnowledgeBase, document: list[dict] = ()) -> dict[str, Any] | None:
    """Where the event happened, as ACLED codes it: the place named (`_named_place`), or,
    when that is a site or a part of a town (a square, a market, an area of a district),
    the town named right after it ("at City Hall in Tampa": Tampa)."""
    place = _named_place(text, lang, region, sentence, targets, parties, mentions, kb, document)
    holder = place
    for _ in range(2):          # "his office in the Butchertown neighborhood of Louisville": Louisville
        if not holder or not (town := _town_holding(text, lang, holder, sentence, mentions)):
            break
        holder = town
    found = _place_of(text, holder, place["how"], mentions, document, kb) if holder is not place else place
    if found and (other := _other_name(text, found["start"], found["end"], kb)):
        found = {**found, "name": other}       # "Saca (Shaca) area": the name in brackets, the gazetteer's spelling
    return _settled(text, lang, found, sentence, [*mentions, *document], kb) if found else None


# How alike (difflib's ratio) a bracketed name must be to a place's to be its other spelling.
OTHER_SPELLING = 0.5


def _other_name(text: str, start: int, end: int, kb: KnowledgeBase) -> str | None:
    """The place text[start:end]'s other spelling, written in brackets right after it ("Saca
    (Shaca) area", "Werxele area (Werexel)", "Hirbe [Khirbe]"): a name written much
    like it (`OTHER_SPELLING`; "Ballyporeen (Tipperary)" names the county), no country or
    first-level area, no area of the same name ("Sulaymaniyah district (Al Sulaymaniyah)"),
    no acronym and no actor the knowledge base knows. Where a writer glosses a name so, the
    bracketed one is the spelling gazetteers use (ACLED codes it)."""
    if not (bracket := _names().bracketed.match(text, end)) or not kb.places:
        return None
    name = bracket.group(1) or bracket.group(2)
    key, place = folded(name), folded(text[start:end])
    if _ACRONYM.fullmatch(name) or key in kb.places.areas or any(i.startswith("iso:") for i in kb.places.by_folded.get(key, ())) \
            or any(kb.actors[a].kind != "location" for a in kb.by_folded.get(key, ())) or place in key.split() \
            or key.split()[-1] in AREA_KINDS or SequenceMatcher(None, place, key).ratio() < OTHER_SPELLING:
        return None
    return name


def _settled(text: str, lang: str | None, place: dict[str, Any], sentence: tuple[int, int], mentions: list[dict],
             kb: KnowledgeBase) -> dict[str, Any]:
    """A place the big-city gazetteer does not list, put on the map: a settlement of its
    country that GeoNames knows (of the one country with a settlement of its name, where no
    country is told, and the name is no KB actor's: a KB place without coordinates, such as a
    country, is not its namesake town abroad) gets its coordinates; a part of such a settlement that
    GeoNames does not know is coded to the settlement, as ACLED codes what it cannot locate
    ("the Al Tabar area of Mejar Al-Kabi district": Mejar Al-Kabi), also where the report
    named the holder only the first time ("in Yay Lel Kyun area of Kani township … in Yay Lel
    Kyun area")."""
    code = kb.places.country_code(place["country"] or "") if kb.places and place["lat"] is None else None
    if code is None and kb.places and place["lat"] is None and not place["country"] \
            and place["entity_id"] not in kb.actors \
            and len(only := settlements().countries_of(place["name"])) == 1:
        code = next(iter(only))         # "demonstrated in Bedburg": the one country with a town of that name
        place = {**place, "country": _country_name(code, kb)}
    if code is None:
        return place
    if known := settlements().find(place["name"], code):
        return {**place, "lat": known.lat, "lon": known.lon}
    folded_text = fold(text)
    if _town_kind_closing(folded_text, lang, place["start"], place["end"]):
        return place                    # "Intaw Town, Lawksawk township": a town of its own that GeoNames does not list
    holder = _holding_settlement(text, folded_text, lang, place["end"], sentence[1], code, kb)
    if holder is None and (earlier := re.search(rf"(?<!\w){re.escape(place['name'])}(?!\w)", text[:place["start"]])):
        holder = _holding_settlement(text, folded_text, lang, earlier.end(), len(text), code, kb)
    if holder is None:
        return place
    start, end, known = holder
    town = {"entity_id": None, "start": start, "end": end}
    return {**place, **town, "name": text[start:end], "lat": known.lat, "lon": known.lon,
            "admin1": _admin_areas(text, town, None, mentions, kb)["admin1"]}


def _holding_settlement(text: str, folded_text: str, lang: str | None, end: int, limit: int, code: str,
                        kb: KnowledgeBase) -> tuple[int, int, Any] | None:
    """The settlement GeoNames knows in country `code` that the text names as holding the
    place ending at `end` (`_holder_link`): "the Al Tabar area of Mejar Al-Kabi", "Kaublin,
    Damboa LGA", or one step further where the first holder is unknown too ("Shah Shahed
    area of PD8, Kabul city"). After a comma the holder must be written with its kind: a
    bare name there is as often a district or municipality of ACLED's own gazetteer, which
    codes the place itself ("Paen, Sai Buri (Pattani)"), or a region ("Stoyanka, Kyiv")."""
    towns = language_pattern(lang, "town_kinds", before=r"\s+")
    for _ in range(2):
        link = _holder_link(lang).match(folded_text, end)
        name = _names().after_cue.match(text, link.end()) if link else None
        if not name or name.end(1) > limit:
            return None
        first, last = name.span(1)
        if (kind := _kind_at_end().search(text, first, last)) and kind.start() > first:
            last = kind.start()                    # "Damboa LGA": Damboa
        if "," in link.group():
            town = _town_kind_closing(folded_text, lang, first, name.end(1)) or towns.match(folded_text, last)
            if not (kind or _kind_after().match(text, last)) or (kb.places.areas.get(folded(text[first:last])) and not town):
                return None
        if known := settlements().find(text[first:last], code):
            return first, last, known
        end = name.end(1)
    return None


@lru_cache(maxsize=None)
def _holder_link(lang: str | None) -> re.Pattern[str]:
    """What joins a place to the one that holds it: "of", "in", "near" or a comma, after the
    place's kind if it is a part of a town ("the Al Tabar area of …"). A village or a town is a
    settlement of its own: "X village of Y township" and "X village, Y township" stay X."""
    kind = language_pattern(lang, "locality_kinds", before=r"\s+", after="")
    link = language_pattern(lang, "noun_complement_preps", "event_place_preps", before=r"\s+", after=r"\s+")
    article = language_pattern(lang, "determiners", before="", after=r"\s+")
    return re.compile(rf"(?:{kind.pattern})?(?:{_BRACKET.pattern})?(?:{link.pattern}|\s*,\s*)(?:{article.pattern})?",
                      re.IGNORECASE)


def _town_holding(text: str, lang: str | None, place: dict[str, Any], sentence: tuple[int, int],
                  mentions: list[dict]) -> dict | None:
    """The town a site or a part of a town is in, when the text names it right after:
    "Daley Plaza in Chicago", "the Bagh Bala area of Kabul city", "le quartier X à Tripoli".
    After a part of a town it must be a town (`_is_town`): an area of a district is often a
    place of its own in ACLED's gazetteer."""
    folded, start, end = fold(text), place["start"], place["end"]
    kind = None
    for key in ("site_kinds", "locality_kinds"):
        if (m := language_pattern(lang, key).search(folded, start, end)) and m.end() == end:
            kind = key                                           # "Daley Plaza"
    if bracket := _BRACKET.match(text, end):
        end = bracket.end()                                      # "Saca (Shaca) area"
    for key in ("site_kinds", "locality_kinds"):
        if after := language_pattern(lang, key, before=r"(?:\s+\w+)?\s+").match(folded, end):
            kind, end = key, after.end()                         # "Norra Torget square", "Carnot middle school"
            break
        if kind is None and _site_before(lang, key).search(folded, max(sentence[0], start - 30), start):
            kind = key                                           # "le quartier de …", "حي …"
    # "in Tampa", "of Kabul city", "à Tripoli"; not a comma: "Velyka Komyshuvakha, Kharkiv" is a village in its region
    link = language_pattern(lang, "event_place_preps", "noun_complement_preps", before=r"\s*,?\s*", after=r"\s+").match(
        folded, end)
    if not (kind and link):
        return None
    at = link.end() + (len(filler.group()) if (filler := _LOWER_WORDS.match(text, link.end())) else 0)  # "in downtown Lander"
    town = next((m for m in mentions if m["start"] == at and m["kind"] == "location" and m["method"] != "demonym"
                 and not str(m["entity_id"] or "").startswith(_AREA_IDS)), None)
    if town is None and (name := _names().after_cue.match(text, at)) and name.start(1) == at and name.end(1) <= sentence[1] \
            and not any(m["start"] < name.end(1) and at < m["end"] and m["kind"] != "location" for m in mentions) \
            and fold_word(name.group(1).split()[0]) not in calendar_words(lang):
        town = {"start": at, "end": name.end(1), "entity_id": None, "kind": "location", "method": "site"}
    if not town or town["end"] > sentence[1] or (kind == "locality_kinds" and not _is_town(text, lang, town)):
        return None
    return town


def _is_town(text: str, lang: str | None, mention: dict) -> bool:
    """A populated place: one the gazetteer lists as such, or named with a town's kind
    ("Kabul city", "la ville de …"). Not a district or a province: ACLED's gazetteer holds
    many areas of a district ("Gire Cudi area in Al Amadiya district" is coded Gire Cudi)."""
    if str(mention["entity_id"] or "").startswith("geonames:"):
        return True
    towns, folded_text = language_pattern(lang, "town_kinds", before=r"\s+"), fold(text)
    return bool(towns.match(folded_text, mention["end"]) or _town_kind_closing(folded_text, lang, mention["start"], mention["end"])
                or _site_before(lang, "town_kinds").search(folded_text, max(0, mention["start"] - 30), mention["start"]))


def _town_kind_closing(folded_text: str, lang: str | None, start: int, end: int) -> bool:
    """Whether a town's kind closes the name read at folded_text[start:end] ("Kandahar city", "Intaw Town")."""
    inside = language_pattern(lang, "town_kinds", before=r"\s+").search(folded_text, start, end)
    return bool(inside and inside.end() == end)


@lru_cache(maxsize=None)
def _site_before(lang: str | None, key: str = "site_kinds") -> re.Pattern[str]:
    """A kind of place right before a name, or before "of"/"de" and the name ("le quartier de")."""
    complement = "|".join(re.escape(fold(w)) for data in for_language(lang, "noun_complement_preps") for w in data)
    return language_pattern(lang, key, after=rf"\s*(?:(?:{complement})\s*)?$" if complement else r"\s*$")


def _named_place(text: str, lang: str | None, region: tuple[int, int], sentence: tuple[int, int], targets: list[dict],
                 parties: list[dict], mentions: list[dict], kb: KnowledgeBase, document: list[dict] = ()) -> dict[str, Any] | None:
    """A place named after "in"/"à"/"في" in the event's part of the sentence, else a place
    it targets (a base), else any other place in the sentence."""
    taken = {(p["start"], p["end"]) for p in parties}
    nationality = _demonym_pattern(lang)[0]
    sites = [m for m in mentions if m["kind"] in ("location", "facility") and m["method"] != "demonym"
             and not (nationality and nationality.fullmatch(fold(text[m["start"]:m["end"]])))]       # "américaine" is no place
    places = [m for m in sites if (m["start"], m["end"]) not in taken]
    near = [m for m in places if region[0] <= m["start"] and m["end"] <= region[1]]
    # after "in", "à", "في" a name is where it happened, even if a party was read there too,
    # but not a name inside a party the preposition governs ("around 40 Dalmont employees")
    cued = [m for m in sites if region[0] <= m["start"] and m["end"] <= region[1]
            and _after_prep(text, lang, "event_place_preps", m["start"], sentence[0])
            and not any(p["start"] < m["start"] and m["end"] <= p["end"] for p in parties)]
    # a name a model took for a person or a group, written where a place goes ("in Ye town"),
    # unless the knowledge base knows it as one
    named_there = [m for m in mentions if m["kind"] in ("person", "organization") and m["entity_id"] not in kb.actors
                   and (m["start"], m["end"]) not in taken and region[0] <= m["start"] and m["end"] <= region[1]
                   and _after_prep(text, lang, "event_place_preps", m["start"], sentence[0])]
    struck = [m for m in sites if (m["start"], m["end"]) in {(t["start"], t["end"]) for t in targets}]
    anywhere = [m for m in places if sentence[0] <= m["start"] and m["end"] <= sentence[1]]
    if not (cued or named_there) and (unlisted := _unlisted_place(text, lang, region, mentions, None, None, kb)):
        return unlisted                          # "in Wakema town": where, before what was struck there
    how, chosen = next(((how, found[0]) for how, found in (("cued", cued), ("cued", named_there), ("target", struck),
                                                            ("near", near), ("sentence", anywhere)) if found), (None, None))
    if chosen is None:
        return _place_before_area(text, lang, sentence, mentions, kb)
    if str(chosen["entity_id"] or "").startswith("iso:") and (specific := _specific_place(text, lang, sentence, sites)):
        how, chosen = specific               # "In X township, … attacks against the Myanmar military": X, not Myanmar
    if unlisted := _unlisted_place(text, lang, (sentence[0], chosen["start"]), mentions, chosen, how, kb):
        return unlisted
    return _place_of(text, chosen, how, mentions, document, kb)


def _specific_place(text: str, lang: str | None, sentence: tuple[int, int], sites: list[dict]) -> tuple[str, dict] | None:
    """A place of the sentence more specific than a country, where a country was chosen:
    ACLED codes a country only where no town or area is told ("residents of Gdansk rallied
    … in solidarity with Moldova": Gdansk). One after a place preposition first, else the
    first place named, even as a party's ("residents of Gdansk")."""
    def specific(m: dict) -> bool:
        return sentence[0] <= m["start"] and m["end"] <= sentence[1] and not str(m["entity_id"] or "").startswith("iso:")
    cued = next((m for m in sites if specific(m) and _after_prep(text, lang, "event_place_preps", m["start"], sentence[0])), None)
    named = next((m for m in sites if specific(m) and m["kind"] == "location"), None)
    return ("cued", cued) if cued else ("sentence", named) if named else None


def _place_of(text: str, chosen: dict, how: str, mentions: list[dict], document: list[dict], kb: KnowledgeBase
              ) -> dict[str, Any]:
    """The place a mention names, with its coordinates and the areas that say where it is."""
    end = chosen["end"]
    if (bracket := text.find(" (", chosen["start"], end)) >= 0 and ")" not in text[bracket:end]:
        end = bracket                             # "Girboa (Gujba, Yobe": the name ends at its open bracket
    if (kind := _kind_at_end().search(text, chosen["start"], end)) and kind.start() > chosen["start"]:
        end = kind.start()                        # "Yucatan state": the place is Yucatan
    if rest := _names().hyphenated_rest.match(text, end):
        end = rest.end()                          # "Tressan-en-Velay", "Mons-sur-Loire": the whole name
    place = {"name": text[chosen["start"]:end], "entity_id": chosen["entity_id"], "start": chosen["start"],
             "end": end, "lat": None, "lon": None, "how": how}
    known = kb.places.places.get(chosen["entity_id"]) if kb.places and chosen["entity_id"] else None
    actor = kb.actors.get(chosen["entity_id"]) if chosen["entity_id"] else None
    if known and known.lat is not None:
        place.update(lat=known.lat, lon=known.lon)
    elif actor and actor.location:
        place.update(lat=actor.location.get("lat"), lon=actor.location.get("lon"))
    place.update(_admin_areas(text, chosen, known, [*mentions, *document], kb))
    home = kb.places.places.get(f"iso:{known.country}") if known and kb.places else None
    if home and place["country"] != home.name:
        place.update(lat=None, lon=None)          # the area named beside it says the gazetteer's namesake is elsewhere
    return place


# A name in a cased script: capitalized words, or words of digits ("Mine 6/7"), joined by spaces or hyphens.
_CASED_NAME = r"(?:[^\W\d_][\w’'/-]*|\d[\w/]*)(?:[ -](?:[^\W\d_][\w’'/-]*|\d[\w/]*))*"
# A name before the area that holds it: "Petrivka, Kharkiv", "Malam Fatori (Abadan, Borno)".
_NAME_BEFORE_AREA = re.compile(rf"(?<![\w’'-])({_CASED_NAME})(?:,\s*|\s*\(\s*)$")
# A name whose areas follow in brackets ("Waya (Kwande, Benue)").
_NAME_BEFORE_BRACKET = re.compile(rf"(?<![\w’'-])({_CASED_NAME})\s*\(\s*$")


def _dated_or_determined(words: list[str], lang: str | None) -> bool:
    """Whether capitalized words are no place's name: a date ("On Monday"), or a phrase a
    determiner opens ("The Army")."""
    return fold_word(words[0]) in word_set("determiners") or any(fold_word(w) in calendar_words(lang) for w in words)


def _place_before_area(text: str, lang: str | None, span: tuple[int, int], mentions: list[dict], kb: KnowledgeBase
                       ) -> dict[str, Any] | None:
    """Where no place was recognized (a model took the names for groups), a name written
    before a first-level area in a cased script: "along the Orlu-Orsu road (Orlu, Imo)":
    Orlu, in Imo. Not a name the knowledge base knows as an actor, a date or a sentence's
    first words."""
    if not kb.places:
        return None
    for m in _names().then_area.finditer(text, *span):
        first, second = (1, 2) if m.group(1) else (3, 4)
        start, end = m.span(first)
        name, area = m.group(first), m.group(second)
        words = name.split()
        if not kb.places.areas.get(folded(area)) or not text[span[0]:start].strip() \
                or _dated_or_determined(words, lang) \
                or any(x["start"] < end and start < x["end"] and x["entity_id"] in kb.actors for x in mentions):
            continue
        code, admin1 = _country_of_area(name, area, None, kb)
        return {"name": name, "entity_id": None, "start": start, "end": end, "lat": None, "lon": None, "how": "near",
                "country": _country_name(code, kb), "admin1": admin1}
    return None


def _unlisted_place(text: str, lang: str | None, region: tuple[int, int], mentions: list[dict], area: dict | None,
                    how: str | None, kb: KnowledgeBase) -> dict[str, Any] | None:
    """A place no gazetteer lists, known by how news writes places: a name right before a
    listed area ("shelled Petrivka, Kharkiv region": Petrivka, in Kharkiv), or, with no listed
    place at all, a name right after a place preposition ("in Labutta town"). Cased scripts
    only: elsewhere a capital letter says nothing."""
    folded = fold(text)
    if area is not None:
        found = _NAME_BEFORE_AREA.search(text, region[0], area["start"])
        if found and (outer := _NAME_BEFORE_BRACKET.search(text, region[0], found.start(1))):
            found = outer                         # "Waya (Kwande, Benue)": Waya, in Kwande, in Benue
        cue = found and language_pattern(lang, "event_place_preps", after=r"\s+$").search(folded, region[0], found.start(1))
        cue = cue if cue and cue.end() == found.start(1) else None
    else:
        nationality = _demonym_pattern(lang)[0]
        for cue in language_pattern(lang, "event_place_preps", after=r"(?=\s+[^\W\d_])").finditer(folded, *region):
            if (found := _names().after_cue.match(text, cue.end())) \
                    and not (nationality and nationality.match(fold(found.group(1)))):
                break                             # "in response … in Labutta town": the first name after one
                                                  # that is no nationality ("at Israeli forces")
        else:
            return None
    if not found:
        return None
    start, end = found.span(1)
    if (kind := _kind_at_end().search(text, start, end)) and kind.start() > start:
        end = kind.start()                        # "Dura city (Hebron, West Bank)": Dura
    for word in re.finditer(r"\S+", text[start:end]):      # the capitalized words at its end: "shelled | Petrivka"
        if not (word.group()[0].isupper() or word.group()[0].isdigit()):
            start = found.start(1) + word.end() + 1
    words = text[start:end].split()
    if not words or not words[0][0].isupper():
        return None
    if _dated_or_determined(words, lang) \
            or (area is not None and not cue and not text[region[0]:start].strip()) \
            or any(m["start"] < end and start < m["end"] and m["kind"] != "location"
                   and (area is None or m["entity_id"] in kb.actors) for m in mentions):
        return None           # a date, a sentence's first word, a person or a group (before an area: one the KB knows)
    place = {"name": text[start:end], "entity_id": None, "start": start, "end": end, "lat": None, "lon": None,
             "how": "cued" if cue else how}
    if area is None:
        return {**place, **_admin_areas(text, place, None, mentions, kb)}
    known = kb.places.places.get(area["entity_id"]) if kb.places and area["entity_id"] else None
    country = _admin_areas(text, area, known, mentions, kb)["country"]
    is_country = bool(area["entity_id"]) and str(area["entity_id"]).startswith("iso:")
    if country is None and kb.places:
        country = _country_name(_country_of_area(place["name"], text[area["start"]:area["end"]], None, kb)[0], kb)
    return {**place, "country": country, "admin1": None if is_country else text[area["start"]:area["end"]]}


def _admin_areas(text: str, chosen: dict, known: Any, mentions: list[dict], kb: KnowledgeBase) -> dict[str, str | None]:
    """The place's country (the gazetteer's, else that of another known place named beside
    it, else in the document) and its first-level area when the text names it right after
    ("Goma, North Kivu")."""
    places = kb.places.places if kb.places else {}
    actor = kb.actors.get(chosen["entity_id"]) if chosen["entity_id"] else None
    if known is None and actor is not None and kb.places:       # a KB country ("iraq") is its own country
        known = next((places[i] for i in kb.places.by_folded.get(folded(actor.name), ()) if i.startswith("iso:")), None)
    # a town written as an acronym ("Mogh Party (ALP)") is a group's name, not a place
    beside = [m for m in mentions if m["entity_id"] in places and places[m["entity_id"]].country
              and (m["entity_id"].startswith(_AREA_IDS) or not _ACRONYM.fullmatch(text[m["start"]:m["end"]]))]
    # a country or first-level area named close by says more than a town that may be a namesake
    # abroad ("in Khawaja Palkhman village of Rustaq district, Takhar": Takhar, not Oman's Rustaq)
    beside.sort(key=lambda m: not (m["entity_id"].startswith(_AREA_IDS)
                                   and abs(m["start"] - chosen["start"]) <= AREA_REACH))
    country = known.country if known else (country_near(actor.location["lat"], actor.location["lon"])
                                           if actor and actor.location else None) or next(
        (places[m["entity_id"]].country for m in beside), None)
    end = chosen["end"]
    if kind := _kind_after().match(text, end):
        end = kind.end()                                          # "Tha Yet Pin village (Sagaing region)"
    after = _AREA_AFTER.match(text, end)
    area = after.group(1) if after and not _other_name(text, chosen["start"], chosen["end"], kb) else None
    if area and kb.places:
        country, area = _country_of_area(text[chosen["start"]:chosen["end"]], area, country, kb)
    return {"country": _country_name(country, kb), "admin1": area}


def _country_name(code: str | None, kb: KnowledgeBase) -> str | None:
    """The gazetteer's name of a country (ISO code)."""
    country = kb.places.places.get(f"iso:{code}") if code and kb.places else None
    return country.name if country else None


def _country_of_area(name: str, area: str, country: str | None, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """The country (ISO code) and first-level area a name written right after a place says
    it is in: a country ("Kharkiv, Ukraine": no area), a country's first-level area ("Kani
    township (…, Sagaing region)": Myanmar, whatever else is Kani; "Cordoba, Veracruz":
    Mexico, not Argentina's Córdoba), or a town of the one country where both are towns.
    Where the name is several countries' or areas', the one where a settlement of the
    place's name is ("Athens (Georgia)": the United States)."""
    places = kb.places
    found = kb.place(folded(area))
    nation = places.places[found].country if found and found.startswith("iso:") else None
    regions = [places.places[i].country for i in places.areas.get(folded(area), ())]
    candidates = list(dict.fromkeys([*([nation] if nation else []), *regions]))
    if not candidates:
        # "Orikhiv, Zaporizhia", "Osokorivka, Kherson": the one country whose towns they are
        towns, seats = settlements().countries_of(name), settlements().countries_of(area)
        shared = towns & seats if towns and seats else towns or seats
        return (next(iter(shared)), area) if len(shared) == 1 and country is None else (country, area)
    chosen = next((code for code in candidates if settlements().find(name, code)), candidates[0])
    return chosen, (None if chosen == nation and chosen not in regions else area)


@lru_cache(maxsize=1)
def _kind_at_end() -> re.Pattern[str]:
    """A place's kind in lower case closing its name ("Yucatan state", "Nwin Taw Bo village")."""
    kinds = longest_first([*words("place_kinds"), *AREA_KINDS])
    return re.compile(r"\s+(?:" + "|".join(map(re.escape, kinds)) + r")$")


@lru_cache(maxsize=1)
def _kind_after() -> re.Pattern[str]:
    """A place's kind written after its name, before its area ("… village (Sagaing region)")."""
    return re.compile(r"\s+" + word_pattern("place_kinds").pattern, re.IGNORECASE)


@lru_cache(maxsize=None)
def _object_preps(lang: str | None) -> frozenset[str]:
    """Prepositions that introduce a target or a recipient ("against X", "to X", "contre X")."""
    return frozenset(w.lower() for key in ("event_target_preps", "event_recipient_preps") for data in for_language(lang, key)
                     for w in data)


def _phrase(text: str, lang: str | None, span: tuple[int, int] | None) -> list[dict[str, Any]]:
    """An unnamed party as the words that describe it ("Swiss doctors", "the gunmen"): no
    entity, but the analyst sees who acted. Long clauses, and violent happenings ("an
    explosion", "our fight"), and times ("on Sunday"), are not parties; "aid workers" are."""
    if span is None:
        return []
    start, end = span
    # the words stop at a comma, or a place or agent preposition: "four aid workers | near Tamara"
    cut = language_pattern(lang, "event_place_preps", "event_agent_preps", before=r"\s*,|\s+").search(fold(text), start + 1, end)
    end = cut.start() if cut else end
    words = text[start:end].split()
    if not 0 < len(words) <= MAX_PHRASE_WORDS or not any(w[:1].isalpha() for w in words) \
            or any(fold_word(w) in calendar_words(lang) for w in words) \
            or language_pattern(lang, "relative_pronouns", "subject_pronouns").fullmatch(fold(" ".join(words))) \
            or any(t.type in VIOLENT for t in triggers(text, lang, start, end)) or re.search(r"[«»“”\"]", text[start:end]):
        return []
    return [{"start": start, "end": end, "kind": "group", "entity_id": None, "method": "phrase"}]


def _parsed_parties(text: str, lang: str | None, found: Roles, inside: list[dict], antecedent: dict | None, demand: bool,
                    harms: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """Actors and targets from the parse: the subject (a passive's subject is the target,
    its agent the actor) and the objects. A pronoun subject of a clause under another
    ("Iraq said it would allow…") is that clause's subject; in a demand ("Russia said Sudan
    must return…") the one who speaks acts and the one who must is the target. None when
    the parse names no subject. With `harms` (violence, coercion) an unnamed object is a
    target too ("killed three civilians")."""
    def within(span: tuple[int, int] | None, kinds: tuple[str, ...]) -> list[dict]:
        hits = [m for m in inside if span and span[0] <= m["start"] and m["end"] <= span[1] and m["kind"] in kinds
                and not (m["kind"] == "location" and m["start"] != span[0]       # "a bombing near Samarra": where
                         and _after_prep(text, lang, "event_place_preps", m["start"], span[0]))]
        people = [m for m in hits if m["kind"] == "person"]
        return people or hits                      # "X, leader of Y": X acts; Y is who X is
    if found.nominal and found.verb is not None and cues().match(text, found.verb):
        # "X mentioned the attack that Y carried out": X speaks; Y, if named, acts
        found = replace(found, subject=found.noun_subject, passive=False, outer_subject=None)
    if found.subject is None and found.agent is None:
        return None
    words = text[found.subject[0]:found.subject[1]] if found.subject else ""
    pronoun = bool(words) and bool(language_pattern(lang, "subject_pronouns").fullmatch(fold(words)))
    subject = within(found.subject, ACTOR_KINDS) or ([] if pronoun else _phrase(text, lang, found.subject))
    outer = within(found.outer_subject, ACTOR_KINDS)
    actors = [_party(text, m, "agent") for m in within(found.agent, ACTOR_KINDS)]
    targets = [_party(text, m, "object") for span in found.objects for m in within(span, TARGET_KINDS)
               if m["start"] == span[0] or not _after_prep(text, lang, "event_place_preps", m["start"], span[0])]
    if harms and not targets:
        targets = next(([_party(text, m, "object") for m in phrase] for span in found.objects
                        if (phrase := _phrase(text, lang, span))), [])
    if not targets and found.clause_subject:        # "demanded that Israel ease…": Israel is asked
        targets = [_party(text, m, "clause") for m in within(found.clause_subject, ACTOR_KINDS)]
    if demand and outer:
        return [_party(text, m, "speaker") for m in outer], [_party(text, m, "subject") for m in subject] + targets
    if pronoun and outer and not found.passive:
        return [{**_party(text, m, "pronoun"), "antecedent": [m["start"], m["end"]]} for m in outer], targets
    if found.passive:
        targets = [_party(text, m, "subject") for m in subject] + targets
    else:
        actors = [_party(text, m, "subject") for m in subject] + actors
        if not subject and antecedent and pronoun:
            actors = [{**_party(text, antecedent, "pronoun"), "start": found.subject[0], "end": found.subject[1],
                       "text": words, "antecedent": [antecedent["start"], antecedent["end"]]}]
    taken = {(a["start"], a["end"]) for a in actors}
    return actors, [t for t in targets if (t["start"], t["end"]) not in taken]


def _state(text: str, lang: str | None, party: dict[str, Any]) -> bool:
    """A state as the actor: a country, or its nationality word not followed by a
    non-state fighters' word ("Burundian militiamen" are not Burundi's army)."""
    after = fold(text[party["end"]:party["end"] + 25])
    return party["kind"] == "location" and not language_pattern(lang, "nonstate_words", before=r"\W*(?:\w+\W+)?").match(after)


def _split(text: str, found: list[Trigger], mentions: list[dict], sentence_end: int) -> list[list[Trigger]]:
    """Triggers of one type (or both violent) are one event until one of them brings a new
    target after an earlier one already had its own."""
    events: list[list[Trigger]] = []
    relative = word_pattern("relative_pronouns")
    for i, t in enumerate(found):
        nxt = found[i + 1].start if i + 1 < len(found) else sentence_end
        brings = any(t.end <= m["start"] < nxt and m["kind"] in TARGET_KINDS and m["method"] != "demonym" for m in mentions) \
            and not relative.search(text, max(0, t.start - 12), t.start)
        same = [e for e in events if same_kind(e[0].type, t.type)]
        if same and not (brings and _has_target(same[-1], mentions, t.start)):
            same[-1].append(t)
        else:
            events.append([t])
    return events


def _has_target(event: list[Trigger], mentions: list[dict], until: int) -> bool:
    return any(event[0].end <= m["start"] < until and m["kind"] in TARGET_KINDS for m in mentions)


def _within(mentions: list[dict], start: int, end: int) -> list[dict]:
    """The mentions (sorted by start) lying inside text[start:end], found by bisection: a
    long document's sentences each cost what their own mentions cost."""
    first = bisect.bisect_left(mentions, start, key=lambda m: m["start"])
    last = bisect.bisect_left(mentions, end, key=lambda m: m["start"])
    return [m for m in mentions[first:last] if m["end"] <= end]


def _head(event: list[Trigger]) -> Trigger:
    """The trigger that names the event best: the first one carrying a mode, else the first."""
    return next((t for t in event if t.mode), event[0])


@dataclass
class _Document:
    """What every step reads about the document being coded."""

    id: str
    text: str
    lang: str | None
    published: str | None
    published_precision: str | None
    mentions: list[dict]            # sorted by start
    kb: KnowledgeBase
    vectors: dict[tuple[int, int], bytes]
    written: dict[tuple[int, int], dict | None] = field(default_factory=dict)     # the date parser's, by sentence

    def _written(self, sentence: tuple[int, int]) -> dict | None:
        if sentence not in self.written:
            self.written[sentence] = event_date(self.text, self.lang, sentence, self.published, self.published_precision)
        return self.written[sentence]

    def written_day(self, sentence: tuple[int, int]) -> str | None:
        """The day a sentence opens with ("On 15 March, …", "Le 15 mars, …"), if it does: a
        day named later in it is more often a past or planned one beside the happening."""
        found = self._written(sentence)
        opens = found and found["start"] is not None and len(self.text[sentence[0]:found["start"]].split()) <= OPENING_WORDS
        return found["date"] if opens and found["precision"] == "day" else None

    def date(self, sentence: tuple[int, int]) -> dict[str, Any]:
        """The date a sentence gives, else the article's own."""
        return self._written(sentence) or {
            "date": self.published, "precision": self.published_precision or "unknown", "start": None, "end": None}


@dataclass
class _Sentence:
    """A sentence with triggers, read once for all the events it tells."""

    span: tuple[int, int]
    groups: list[list[Trigger]]              # the triggers of each event (`_split`)
    parse: dict[int, Roles | None]           # by trigger start; empty where the sentence is not parsed
    inside: list[dict]                       # its mentions, nationality words included
    antecedent: dict | None                  # who a pronoun subject stands for
    behind: list[bool]                       # each event only background to another
    main: int                                # the event the sentence is about
    counts: dict[str, dict]


@dataclass
class _Draft:
    """One event as the steps fill it in: type → parties → place, date, counts → specificity."""

    sentence: _Sentence
    index: int
    triggers: list[Trigger]
    region: tuple[int, int] = (0, 0)         # the part of the sentence this event owns
    type: str = ""
    modality: str = "reported"
    modality_span: tuple[int, int] | None = None
    reframed: str | None = None
    actors: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    when: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, dict] = field(default_factory=dict)
    place: dict[str, Any] | None = None
    specific: bool = False
    told_specifically: bool = False     # specific by its words alone, before the sentence's likeness to reports
    likeness: float | None = None
    recalled: bool = False
    habitual: bool = False
    caused: bool = False

    @property
    def first(self) -> Trigger:
        return self.triggers[0]

    @property
    def head(self) -> Trigger:
        return _head(self.triggers)


def _spot(doc: _Document) -> dict[tuple[int, int], list[Trigger]]:
    """Step 1: the triggers of each sentence, leaving out words inside a name ("بعقوبة" is
    Baqubah, not a sanction)."""
    names = [m for m in doc.mentions if m["kind"] in NAMED_KINDS]
    return {s: [t for t in triggers(doc.text, doc.lang, *s)
                if not any(m["start"] <= t.start and t.end <= m["end"] for m in _within(names, *s))]
            for s in sentence_spans(doc.text)}


def _read_sentence(doc: _Document, span: tuple[int, int], found: list[Trigger], parsed: dict, speech: list) -> _Sentence:
    """Step 2: parse roles of each trigger, the mentions inside, and which event is the
    sentence's main one. Without a parse, the first event the sentence reports is its main
    one: in "X, who took part in the talks, said that a shell hit…" the talks only describe
    who speaks, and in "since the truce collapsed, gunmen abducted…" the truce is background."""
    text, lang = doc.text, doc.lang
    parse = {t.start: roles(parsed[span], span[0], t.start, _object_preps(lang), t.end) for t in found} \
        if span in parsed else {}
    found = governed(text, found, {k: r.governors for k, r in parse.items() if r} if parse else None)
    inside = _within(doc.mentions, *span)
    inside = sorted(inside + demonym_mentions(text, lang, *span, doc.kb, inside), key=lambda m: m["start"])
    groups = _split(text, found, inside, span[1])
    told = [(a, b) for a, b in speech if span[0] <= a < span[1]]
    behind = [background(text, lang, span, event[0]) for event in groups]
    unsaid = [(bool(told) and not any(a <= event[0].start < b for a, b in told)) or behind[i] for i, event in enumerate(groups)]
    depths = [min((parse[t.start].depth for t in event if parse.get(t.start)), default=i + len(groups) * unsaid[i])
              for i, event in enumerate(groups)]
    return _Sentence(span, groups, parse, inside, pronoun_antecedent(text, doc.mentions, span[0]), behind,
                     depths.index(min(depths)), counts(text, lang, *span))


def _type(doc: _Document, draft: _Draft) -> None:
    """Step 3: modality, and the type once reframed ("must withdraw" is a demand)."""
    span = draft.sentence.span
    mood, mood_span = modality(doc.text, doc.lang, span, draft.first)
    draft.type, draft.reframed, draft.modality = reframe(doc.text, doc.lang, span, draft.first, mood, mood_span)
    draft.modality_span = mood_span


def _parties(doc: _Document, draft: _Draft, earlier: list[_Draft]) -> None:
    """Step 4: who acts and against whom, from the parse where it names a subject, else by
    word order (an event of the type told just before in the sentence shares its actors)."""
    text, lang, sentence = doc.text, doc.lang, draft.sentence
    roles_ = sentence.parse.get(draft.first.start)
    from_parse = _parsed_parties(text, lang, roles_, sentence.inside, sentence.antecedent, draft.reframed == "obligation",
                                 draft.type in HARMS) if roles_ else None
    if from_parse and from_parse[0] and any(t["method"] != "demonym" for t in from_parse[1] or [{"method": ""}]):
        actors, targets = from_parse
    elif from_parse and roles_.passive and not roles_.nominal and draft.type in HARMS:
        # the subject of a passive trigger is harmed, never the actor ("one Turkish soldier was
        # killed"); who acted, if anyone, is named elsewhere
        targets = from_parse[1]
        harmed = {(t["start"], t["end"]) for t in targets}
        # a place before it ("in Jerez, Zacatecas, three people were killed") is where, not who
        actors = [a for a in _actors(text, lang, sentence.span, draft.first, draft.region[1], sentence.inside, sentence.antecedent)
                  if (a["start"], a["end"]) not in harmed and not (a.get("kind") == "location" and a["start"] < draft.first.start)]
    else:
        same_type = [e for e in earlier if e.type == draft.type]
        actors = (list(same_type[-1].actors) if same_type else
                  _actors(text, lang, sentence.span, draft.first, draft.region[1], sentence.inside, sentence.antecedent))
        parsed_targets = [t for t in (from_parse[1] if from_parse else []) if t["method"] != "demonym"]
        targets = from_parse[1] if parsed_targets else _targets(text, lang, draft.first, draft.region[1], sentence.inside, actors)
    if symmetric(draft.type):        # a meeting's other participants: the people named after it
        named = {p["entity_id"] for p in actors + targets}
        targets += [_party(text, m, "participant") for m in sentence.inside if draft.first.end <= m["start"] < draft.region[1]
                    and m["kind"] == "person" and m["entity_id"] not in named]
    if draft.type == "ASSAULT" and draft.head.mode in CONVENTIONAL and any(_state(text, lang, a) for a in actors):
        draft.type = "FIGHT"             # a state's armed force: conventional fighting, not an assault
    draft.actors, draft.targets = actors, targets


def _circumstances(doc: _Document, draft: _Draft, when: dict[str, Any] | None) -> None:
    """Step 5: date (the sentence's, once for all its events), counts and place; a place
    reached by a non-violent event is its target ("arrived in Amman")."""
    text, lang, sentence = doc.text, doc.lang, draft.sentence
    draft.when = when or doc.date(sentence.span)
    draft.numbers = counts(text, lang, *draft.region)
    draft.place = _location(text, lang, draft.region, sentence.span, draft.targets, draft.actors + draft.targets,
                            sentence.inside, doc.kb, doc.mentions)
    if not draft.targets and draft.place and draft.place["entity_id"] and draft.type not in VIOLENT:
        draft.targets = [{**draft.place, "how": "place", "text": draft.place["name"], "kind": "location"}]


def _specificity(doc: _Document, draft: _Draft) -> None:
    """Step 6: whether the event is a specific report of a happening, not talk about one.
    People harmed anywhere in the sentence ("…, ما أسفر عن مقتل اثنين", even uncounted:
    "إصابة عدد منهم"), or a named person attacked, make a violent event a specific report;
    harm told before it ("four wounded after a blast") makes it the cause, not the background."""
    text, lang, sentence, when, first, violent = doc.text, doc.lang, draft.sentence, draft.when, draft.first, draft.type in VIOLENT
    anchored = (when["start"] is not None and when["precision"] in ANCHORING_PRECISIONS) and (
        draft.place is not None and draft.place["how"] in ("cued", "target"))      # when and where: pinned down
    harm = [c for k, c in sentence.counts.items() if k in CASUALTIES] if violent else []
    uncounted = violent and not harm and harmed_uncounted(text, lang, *sentence.span, CASUALTIES)
    victim = violent and any(t.get("kind") == "person" and t.get("entity_id") for t in draft.targets)
    draft.caused = any(c["start"] < first.start for c in harm)
    # dated only by a year before the article's ("in 1981", "last year"): history recalled, not news
    draft.recalled = when["start"] is not None and when["precision"] == "year" and bool(doc.published) \
        and when["date"] < doc.published[:4]
    # a habit or a campaign told without a day ("has been staging incessant attacks", "have
    # fired hundreds of rockets"): no one happening
    vague = language_pattern(lang, "vague_amounts")
    volley = bool(draft.numbers) and set(draft.numbers) <= MUNITIONS and all(
        vague.match(fold(text), c["start"]) for c in draft.numbers.values())
    draft.habitual = violent and (habitual(text, lang, sentence.span, first) or volley) and not (
        when["start"] is not None and when["precision"] in ANCHORING_PRECISIONS)
    # a bomber blowing himself up is a happening by itself, whatever else the sentence reads like
    detonation = violent and self_detonation(text, lang, *draft.region)
    counted = bool(draft.numbers) and (not set(draft.numbers) <= MUNITIONS
                                       or bool(language_pattern(lang, "launch_verbs").search(fold(text), *sentence.span)))
    pinned = anchored and (not definite(text, lang, first) or occurred(text, lang, first))
    specific = (draft.caused or not sentence.behind[draft.index]) and not draft.recalled and not draft.habitual and (
        counted or bool(harm) or uncounted or victim or pinned or detonation)
    draft.likeness = report_likeness(from_bytes(doc.vectors[sentence.span])) \
        if violent and sentence.span in doc.vectors else None
    draft.told_specifically = specific
    draft.specific = specific and (draft.likeness is None or draft.likeness > 0 or detonation)


def _in_background(sentence: _Sentence, draft: _Draft) -> bool:
    """Whether the event is told as the background of another: its own words say so (and it
    did not cause the harm told), or it is violence beside a sentence's main violence that
    is background ("… came after the US killed two commanders, X and Y, in a drone strike")."""
    main = sentence.groups[sentence.main][0]
    return (sentence.behind[draft.index] and not draft.caused) or (
        draft.index != sentence.main and sentence.behind[sentence.main] and draft.type in VIOLENT and main.type in VIOLENT)


def _record(doc: _Document, draft: _Draft) -> dict[str, Any]:
    """The event as the steps left it, with its evidence."""
    head, when, sentence = draft.head, draft.when, draft.sentence
    mode = head.mode if draft.type == head.type else None
    acled_type, acled_sub = acled(draft.type, mode)
    evidence = {"triggers": [[t.start, t.end] for t in draft.triggers],
                "modality": list(draft.modality_span) if draft.modality_span else None,
                "specific": draft.specific, "report_likeness": None if draft.likeness is None else round(draft.likeness, 3),
                "date": [when["start"], when["end"]] if when["start"] is not None else "published",
                "about": sorted({a for t in draft.triggers for a in t.about} | ({head.type} if draft.reframed else set())),
                "reframed": draft.reframed, "main": draft.index == sentence.main,
                "background": _in_background(sentence, draft), "recalled": draft.recalled,
                "habitual": draft.habitual,
                "parsed": bool(sentence.parse),
                "told": [f"{t.type}/{t.mode}" for t in draft.triggers],      # what its words tell, for coding (not stored)
                "told_specifically": draft.told_specifically}                 # for coding (not stored)
    return {
        "id": short_hash(f"{doc.id}:{draft.first.start}:{draft.first.end}"), "type": draft.type, "mode": mode,
        "acled_event_type": acled_type, "acled_sub_event_type": acled_sub,
        "actors": draft.actors, "targets": draft.targets, "location": draft.place,
        "date": when["date"], "date_precision": when["precision"] if when["date"] else "unknown",
        "counts": draft.numbers, "modality": draft.modality, "start": sentence.span[0], "end": sentence.span[1],
        "trigger_start": head.start, "trigger_end": head.end,
        "score": round(0.4 + 0.2 * bool(draft.actors) + 0.2 * bool(draft.targets) + 0.2 * draft.specific, 2),
        "method": "lexicon+parse" if sentence.parse else "lexicon",
        "evidence": evidence,
    }


def find_events(doc_id: str, text: str, lang: str | None, published: str | None, published_precision: str | None,
                mentions: list[dict], kb: KnowledgeBase, vectors: dict[tuple[int, int], bytes] | None = None
                ) -> list[dict[str, Any]]:
    """Every event of one document, as Arrow records (`columns.EVENT`); `vectors` are the stored
    sentence embeddings by span (without them, violent reports are judged by words alone).
    Each event goes through the steps above; then the happenings the model reads are coded."""
    doc = _Document(doc_id, text, lang, published, published_precision, sorted(mentions, key=lambda m: m["start"]), kb,
                    vectors or {})
    spotted = _spot(doc)
    parsed = parse_sentences(text, [s for s, found in spotted.items() if found and s[1] - s[0] <= MAX_PARSED], lang)
    speech = [part for found in reported_speech(text) for part in found.parts] \
        if any(found and s not in parsed for s, found in spotted.items()) else []       # read where no parse is
    out = []
    for span, found in spotted.items():
        if not found:
            continue
        sentence = _read_sentence(doc, span, found, parsed, speech)
        drafts: list[_Draft] = []
        for i, event in enumerate(sentence.groups):
            draft = _Draft(sentence, i, event, region=(sentence.groups[i - 1][-1].end if i else span[0],
                                                       sentence.groups[i + 1][0].start if i + 1 < len(sentence.groups) else span[1]))
            _type(doc, draft)
            _parties(doc, draft, drafts)
            _circumstances(doc, draft, drafts[0].when if drafts else None)
            _specificity(doc, draft)
            drafts.append(draft)
        out += [_record(doc, d) for d in drafts]
    spans = list(spotted)
    sentence_vectors = np.stack([from_bytes(doc.vectors[s]) if s in doc.vectors else np.zeros(DIM, dtype=np.float32)
                                 for s in spans]) if spans else np.zeros((0, DIM), dtype=np.float32)
    coded = code_happenings(doc, out, spans, happenings(text, spans, sentence_vectors, [spotted[s] for s in spans],
                                                        doc.written_day))
    return [event_record(e) for e in coded]


def code_happenings(doc: _Document, events: list[dict[str, Any]], spans: list[tuple[int, int]],
                    found: list[Happening]) -> list[dict[str, Any]]:
    """One event per happening carries its ACLED coding (the rule event that fits it, or one
    made from the happening itself), with the largest toll its sentences tell; every other
    event keeps its PLOVER type only."""
    for event in events:
        event["acled_event_type"] = event["acled_sub_event_type"] = None
    for n, happening in enumerate(found):
        happening = with_acts_told(happening, events)
        coded = coding(happening.sub_event)
        chosen = anchor(happening, events)
        if chosen is None and any(happening.holds(e["trigger_start"]) for e in events):
            continue            # every event the rules found in it is background or history
        if _quoted(doc.text, happening) and not (chosen and chosen["modality"] == "claimed"):
            continue            # a speaker's own words ("“We have always stood by …”"): rhetoric, unless a claim
        if happening.probability < MIN_HAPPENING and not (chosen and chosen["evidence"].get("told_specifically")):
            continue            # neither the model sure of it nor the rules finding a specific report: talk, not news
        ruled_type, ruled = acled(chosen["type"], chosen["mode"]) if chosen else (None, None)
        if happening.probability < MIN_HAPPENING and ruled and ruled_type != coded["event_type"]:
            # the model unsure, and of another kind of event than the specific report the rules read: theirs
            happening = with_acts_told(replace(happening, sub_event=ruled), events)
            coded = coding(happening.sub_event)
        if chosen is None:
            chosen = _from_happening(doc, happening, coded)
            events.append(chosen)
        _fill_from_siblings(chosen, [e for e in events if happening.holds(e["trigger_start"]) and e is not chosen])
        told_from = _told_from(doc, happening, found[n - 1].end if n else 0)
        if chosen["location"] is None:
            chosen["location"] = _happening_place(doc, happening) or _setting(doc, told_from, happening)
        next_start = found[n + 1].start if n + 1 < len(found) else len(doc.text)
        told_until = _toll_end(spans, happening, next_start)
        chosen["location"] = _place_coded(doc, told_from, told_until, chosen["location"]) or chosen["location"]
        numbers = dict(chosen["counts"])
        tolls = [c for e in events if happening.holds(e["trigger_start"]) for c in [e["counts"].get("fatalities")] if c]
        told = counts(doc.text, doc.lang, happening.start, told_until)
        tolls += [c for c in [told.get("fatalities")] if c]
        # a toll one side claims gives way to one the report tells as fact ("1 was killed … the
        # rebels claimed killing 3"), as ACLED keeps the conservative figure
        claimed = [(e["start"], e["end"]) for e in events if e["modality"] == "claimed" and happening.holds(e["start"])]
        told_as_fact = [c for c in tolls if not any(a <= c["start"] < b for a, b in claimed)]
        if remark := _toll_coded(doc, happening.start, next_start):      # a coder's remark closes the whole report
            numbers.pop("unknown_fatalities", None)
            numbers["fatalities"] = remark
        elif tolls:
            numbers["fatalities"] = max(told_as_fact or tolls, key=lambda c: c["value"])
        elif "unknown_fatalities" in told:
            numbers["unknown_fatalities"] = told["unknown_fatalities"]      # "An unspecified number … were killed."
        chosen["evidence"] = {**chosen["evidence"], "happening": {
            "sentences": [list(s) for s in happening.sentences], "sub_event": happening.sub_event,
            "probability": round(happening.probability, 3)}}
        chosen.update(acled_event_type=coded["event_type"], acled_sub_event_type=happening.sub_event, counts=numbers)
        for other in _struck_elsewhere(chosen, events, happening):
            sub_event = acled(other["type"], other["mode"])[1] or happening.sub_event
            _fill_from_siblings(other, [chosen])         # who acted, and when, as the act coded first says
            other["evidence"] = {**other["evidence"], "happening": chosen["evidence"]["happening"]}
            other.update(acled_event_type=coding(sub_event)["event_type"], acled_sub_event_type=sub_event)
    _code_unread_violence(events, found)
    return events


def _struck_elsewhere(chosen: dict[str, Any], events: list[dict[str, Any]], happening: Happening) -> list[dict[str, Any]]:
    """Violence the happening's sentences tell as specifically as the act coded for it, told
    the same way (reported, claimed), against another site named as what was struck: ACLED
    codes one event per place ("targeted the Tanf base in two operations, in addition to the
    Qayyarah base with three drones": two events). Not a place merely named beside the act (its
    area, a town it moved towards): the place must be the act's own target. One per place."""
    def key(event: dict[str, Any]) -> str:
        return folded((event["location"] or {}).get("name") or "")
    if not key(chosen):
        return []
    places = {key(chosen)}
    found = []
    for event in events:
        place = key(event)
        if event is chosen or event["type"] not in ("ASSAULT", "FIGHT") or not happening.holds(event["trigger_start"]) \
                or event["modality"] != chosen["modality"] or not event["evidence"].get("specific") \
                or event["acled_sub_event_type"] or not place or any(place in p or p in place for p in places) \
                or not any(place in folded(t["text"]) for t in event["targets"]):
            continue
        places.add(place)
        found.append(event)
    return found


def _code_unread_violence(events: list[dict[str, Any]], found: list[Happening]) -> None:
    """Violence the rules find specifically reported (a toll, or a day and a place: "On 4 May,
    Russian forces engaged in an offensive towards X, but were repulsed") where the model
    reads no happening is coded by its PLOVER type: the main event of its sentence, told as
    fact or claimed, one per sentence."""
    coded_sentences = set()
    for event in events:
        sentence = (event["start"], event["end"])
        if event["type"] in VIOLENT and event["evidence"].get("specific") and event["evidence"].get("main") \
                and event["modality"] in ("reported", "claimed") and not told_as_past(event) \
                and sentence not in coded_sentences and not any(h.holds(event["trigger_start"]) for h in found):
            coded_sentences.add(sentence)
            event["acled_event_type"], event["acled_sub_event_type"] = acled(event["type"], event["mode"])


_PRECISE = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
# A direct quotation within a paragraph: “…”, «…», "…".
_QUOTATION = re.compile(r"“[^”\n]*”|«[^»\n]*»|\"[^\"\n]*\"")


def _quoted(text: str, happening: Happening) -> bool:
    """Whether every sentence of the happening is someone's quoted words: it starts inside a
    direct quotation ("“We have always stood by …”, he said.")."""
    quotations = [m.span() for m in _QUOTATION.finditer(text)]
    return all(any(a <= start < b for a, b in quotations) for start, _ in happening.sentences)


def _fill_from_siblings(chosen: dict[str, Any], siblings: list[dict[str, Any]]) -> None:
    """What the event standing for a happening lacks, another report of it inside the
    happening may say: the most precise date, a place, who acted and against whom (a
    headline's "Gunmen kill villagers" is dated and placed by the lead that follows)."""
    dated = min([chosen, *siblings], key=lambda e: (_PRECISE.get(e["date_precision"], 4) if e["date"] else 5))
    if dated is not chosen and dated["date"]:
        chosen.update(date=dated["date"], date_precision=dated["date_precision"])
    for slot in ("location", "actors", "targets"):
        if chosen[slot] in (None, []):
            chosen[slot] = next((e[slot] for e in siblings if e[slot] not in (None, [])), chosen[slot])


def _toll_end(spans: list[tuple[int, int]], happening: Happening, limit: int) -> int:
    """Where a happening's toll may still be told: up to two sentences after its own ("…
    opened fire on a bus. Four passengers died."), never into the next happening."""
    ends = [b for a, b in spans if a >= happening.end][:TOLL_SENTENCES]
    return min(limit, ends[-1] if ends else happening.end)


def _happening_place(doc: _Document, happening: Happening) -> dict[str, Any] | None:
    """Where a happening took place, read over all its sentences."""
    return _place_within(doc, (happening.start, happening.end))


def _place_within(doc: _Document, span: tuple[int, int]) -> dict[str, Any] | None:
    """The place text[span] names, read as one stretch of the report."""
    return _location(doc.text, doc.lang, span, span, [], [], _within(doc.mentions, *span), doc.kb, doc.mentions)


def _told_from(doc: _Document, happening: Happening, since: int) -> int:
    """Where the report of a happening starts: its paragraph's start, or the end of an earlier
    happening in it (`since`), as what the paragraph sets before it (a place, a coder's
    remark) is said of it."""
    return min(happening.start, max(since, doc.text.rfind("\n", 0, happening.start) + 1))


def _setting(doc: _Document, start: int, happening: Happening) -> dict[str, Any] | None:
    """Where a happening whose own sentences name no place took place: the place its report
    named before it (`start`: `_told_from`): "… tried to cross the river near Talakivka.
    Rebel forces killed 45 soldiers."."""
    return _place_within(doc, (start, happening.start)) if start < happening.start else None


@lru_cache(maxsize=None)
def _coded_remark(lang: str | None) -> re.Pattern[str]:
    """A coder's remark placing an event, up to the place's name (`coded_cues`), with a seat
    of government named on the way ("coded to Al Anbar capital Ramadi city")."""
    cue = language_pattern(lang, "coded_cues", after=r"\s+")
    seat = language_pattern(lang, "determiners", "seat_words", before="", after=r"\s+")
    return re.compile(rf"{cue.pattern}(?:{seat.pattern})*(?:{_CASED_NAME}\s+{seat.pattern})?(?-i:(?=[A-ZÀ-Þ]))", re.IGNORECASE)


def _place_coded(doc: _Document, start: int, end: int, place: dict[str, Any] | None) -> dict[str, Any] | None:
    """The place a coder's remark gives the happening, where its report carries one
    ("… in Takhar province [coded as Taluqan with GP3]"): it is where the event is coded,
    whatever else the report names. Not a toll's remark ("fatalities coded to X"), nor a
    group the knowledge base knows or an acronym ("coded as NCoS": who acted)."""
    folded_text, toll = fold(doc.text), language_pattern(doc.lang, "toll_nouns", after=r"\s+$")
    for remark in _coded_remark(doc.lang).finditer(folded_text, start, end):
        name = _names().after_cue.match(doc.text, remark.end())
        if not name or toll.search(folded_text, max(start, remark.start() - 20), remark.start()):
            continue
        first, last = name.span(1)
        if (kind := _kind_at_end().search(doc.text, first, last)) and kind.start() > first:
            last = kind.start()                   # "Ramadi city": Ramadi
        mentions = _within(doc.mentions, first, last)
        if any(m["entity_id"] in doc.kb.actors for m in mentions if m["kind"] != "location") or _ACRONYM.fullmatch(
                doc.text[first:last]):
            continue
        town = next((m for m in mentions if m["kind"] == "location" and (m["start"], m["end"]) == (first, last)),
                    {"start": first, "end": last, "entity_id": None, "kind": "location"})
        found = _place_of(doc.text, town, "cued", doc.mentions, doc.mentions, doc.kb)
        if place and not found["country"]:
            found.update(country=place["country"], admin1=found["admin1"] or place["admin1"])
        return _settled(doc.text, doc.lang, found, (first, end), doc.mentions, doc.kb)
    return None


@lru_cache(maxsize=None)
def _toll_remarks(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A coder's remark giving a happening's toll: the figure it settles on ("Fatalities coded
    as 3", "Unspecified casualties coded as 10", "Coded as 2 fatalities for this event", "27
    fatalities split across 4 events coded as 6"), and, searched only where there is none, a
    toll shared with other events ("3 fatalities split among 2 events")."""
    toll, cue = language_pattern(lang, "toll_nouns").pattern, language_pattern(lang, "coded_cues").pattern
    split = language_pattern(lang, "toll_split_cues").pattern
    return (re.compile(rf"{toll}\s+(?:[\w-]+\s+){{0,5}}?{cue}\s+(?P<coded>\d+)(?![\d.,]\d)|{cue}\s+(?P<coded_first>\d+)\s+{toll}",
                       re.IGNORECASE),
            re.compile(rf"(?P<shared>\d+)\s+{toll}\s+(?:\w+\s+)?{split}\s+(?P<events>\d+)", re.IGNORECASE))


def _toll_coded(doc: _Document, start: int, end: int) -> dict[str, Any] | None:
    """The toll a coder's remark gives the happening ("Fatalities coded as 3 (NRF reported
    13 Taliban fatalities)"): the figure the report settles on, over those it relays. A toll
    split among several events with no figure settled gives this one its share, rounded up
    as the first of them."""
    folded_text = fold(doc.text)
    settled, shared = _toll_remarks(doc.lang)
    if remark := settled.search(folded_text, start, end):
        group = "coded" if remark.group("coded") else "coded_first"
        return {"value": int(remark.group(group)), "start": remark.start(group), "end": remark.end(group)}
    if remark := shared.search(folded_text, start, end):
        value = -(-int(remark.group("shared")) // max(1, int(remark.group("events"))))
        return {"value": value, "start": remark.start("shared"), "end": remark.end("shared")}
    return None


def _from_happening(doc: _Document, happening: Happening, coded: dict[str, str]) -> dict[str, Any]:
    """An event for a happening the word lists found no trigger for: typed by the model,
    placed, dated and counted by the rules, its parties left for the analyst (and the ACLED
    export's generic actors)."""
    first = happening.sentences[0]
    when = doc.date(first)
    place = _happening_place(doc, happening)
    evidence = {"triggers": [], "modality": None, "date": [when["start"], when["end"]] if when["start"] is not None else "published",
                "about": [], "reframed": None, "main": True, "parsed": False}
    return {
        "id": short_hash(f"{doc.id}:{happening.start}:happening"), "type": coded["plover"], "mode": coded["mode"],
        "acled_event_type": None, "acled_sub_event_type": None, "actors": [], "targets": [],
        "location": place, "date": when["date"], "date_precision": when["precision"] if when["date"] else "unknown",
        "counts": counts(doc.text, doc.lang, happening.start, happening.end), "modality": "reported",
        "start": first[0], "end": first[1], "trigger_start": first[0], "trigger_end": first[0],
        "score": round(happening.probability, 2), "method": "model", "evidence": evidence,
    }


@stage("events", version=1, requires=("text", "lang", "published", "published_precision", "mentions", "sentences"),
       assigns=("events",), resources=("kb",))
def events(row: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """Typed events with actors, targets, place, date, counts and modality."""
    vectors = {(s["start"], s["end"]): s["vector"] for s in row["sentences"] or [] if s["vector"]}
    return {"events": find_events(row["doc_id"], row["text"] or "", row["lang"], row["published"],
                                  row["published_precision"], row["mentions"] or [], kb, vectors)}
