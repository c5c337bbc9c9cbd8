"""ACLED's names for the parties of a happening, so an analyst's sheet reads like ACLED's:
a resolved actor keeps its name; an unnamed one becomes the generic actor ACLED would
code from its words and the country ("Military Forces of Russia", "Police Forces of
India", "Unidentified Armed Group (Syria)", "Civilians (Iraq)"); protesters and rioters
are "Protesters (X)" and "Rioters (X)" whoever they are. Never a bare adjective or pronoun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosswire.events.happenings import coding, vocabulary
from crosswire.langdata import for_language
from crosswire.langdata.places import gazetteer
from crosswire.text.events import fold, language_pattern, word_alternative

# The party categories ACLED's interaction codes distinguish, by the words that name them.
_ORDER = ("police", "military", "protesters", "rioters", "armed", "civilians")
# Event types whose second party is whoever the violence struck.
_HARMING = ("Battles", "Violence against civilians", "Explosions/Remote violence")
# Demonstrations some force acted against: the police or army the happening's words name is actor2.
_POLICED = ("Protest with intervention", "Excessive force against protesters")
# Tolls, in the order their words say best who was struck.
_TOLLS = ("fatalities", "injured", "abducted", "unknown_fatalities")
# ACLED's name for armed men it cannot identify: two such parties may be two groups.
UNIDENTIFIED = "Unidentified Armed Group"
# Where a phrase naming a party ends: a comma or a clause's end, a conjunction, a preposition.
_PHRASE_END = re.compile(r"[,;:.()]")


@dataclass(frozen=True)
class Wording:
    """Words of an event's sentence that tell its parties where the rules found no mention
    of them: ACLED names unnamed parties from such words ("gunmen", "two police officers")."""

    sentence: str = ""
    doer: str = ""          # who acted: the words before the trigger, or after "by" when it is passive
    harmed: str = ""        # who was struck: the words a toll counts, or before a passive trigger
    passive: bool = False
    told: str = ""          # every sentence of the happening ("… Police intervened, detaining 20.")
    start: int = 0          # where the sentence starts in the document
    struck: str = ""        # the words right after an active trigger ("attacked | the village police station")

    def after(self, party: dict[str, Any]) -> str:
        """The words right after a party of the sentence ("Niger | militiamen")."""
        at = party.get("end", -1) - self.start
        return self.sentence[at:at + 30] if 0 <= at <= len(self.sentence) else ""


def wording(text: str, lang: str | None, sentence: tuple[int, int], trigger: tuple[int, int],
            counts: dict[str, dict[str, int]], happening: list[tuple[int, int]] = ()) -> Wording:
    """The words that may name an event's parties. A passive trigger ("a police officer was
    shot by unidentified gunmen") turns them round: the words before it name who was struck
    and those after "by" who acted. Otherwise the words a toll counts ("killing two
    soldiers", "3 militiamen were killed") name who was struck. `happening`: the spans of the
    happening's sentences, where they are known."""
    before, after = text[sentence[0]:trigger[0]], text[trigger[1]:sentence[1]]
    told = " ".join(text[a:b] for a, b in happening) or text[sentence[0]:sentence[1]]
    passive = language_pattern(lang, "passive_auxiliaries", after=r"(?:\s+\w+)?\s*$").search(fold(before))
    if passive:
        agent = language_pattern(lang, "event_agent_preps").search(fold(after))
        doer = _phrase_from(after, lang, agent.end()) if agent else ""
        return Wording(text[sentence[0]:sentence[1]], doer, _PHRASE_END.split(before[:passive.start()])[-1], True, told,
                       sentence[0])
    spans = list(happening) or [sentence]       # "Russian forces shelled X. At least 3 civilians died."
    toll = next((counts[k] for k in _TOLLS if k in counts and any(a <= counts[k]["start"] < b for a, b in spans)), None)
    harmed = _phrase_from(text, lang, toll["start"]) if toll else ""
    struck = _phrase_from(text, lang, trigger[1])
    if agent := language_pattern(lang, "event_agent_preps").search(fold(struck)):
        struck = struck[:agent.start()]             # "tortured to death | by the Taliban": who acted, not who was struck
    return Wording(text[sentence[0]:sentence[1]], before, harmed, False, told, sentence[0], struck)


def _phrase_from(text: str, lang: str | None, start: int) -> str:
    """The words from `start` to the end of their phrase ("two soldiers | and a civilian")."""
    words = _PHRASE_END.split(text[start:start + 80], maxsplit=1)[0]
    joined = language_pattern(lang, "conjunctions", "event_place_preps").search(fold(words), 1)
    return words[:joined.start()] if joined else words


@dataclass(frozen=True)
class Party:
    name: str
    category: str | None        # state, militia, protesters, rioters, civilians (ACLED's `inter` categories)

    @property
    def inter(self) -> int | str:
        return vocabulary()["inter"].get(self.category, "") if self.category else ""


def word_class(words: str, lang: str | None) -> str | None:
    """Which kind of party a phrase names (`acled_actor_words`), the most specific first."""
    folded = fold(words).lower()
    named = len(re.findall(r"(?<![\w'’-])[A-Z]", words)) >= 2      # "People's Defense Force": a name, not people
    for data in for_language(lang, "acled_actor_words"):
        for kind in _ORDER:
            if kind == "civilians" and named:
                continue
            if any(_whole(folded, fold(w).lower()) for w in data.get(kind, [])):
                # ACLED's off-duty or former soldiers and police are civilians
                serving = not any(_whole(folded, fold(w).lower()) for w in data.get("not_serving", []))
                return kind if serving or kind not in ("police", "military") else "civilians"
    return None


def _whole(text: str, word: str) -> bool:
    return bool(re.search(r"(?<!\w)" + word_alternative(word) + r"(?!\w)", text, re.IGNORECASE))


def _generic(kind: str | None, country: str | None) -> Party | None:
    where = f" ({country})" if country else ""
    if kind == "military":
        return Party(f"Military Forces of {country}" if country else "Military Forces", "state")
    if kind == "police":
        return Party(f"Police Forces of {country}" if country else "Police Forces", "state")
    if kind == "armed":
        return Party(f"{UNIDENTIFIED}{where}", "militia")
    if kind == "civilians":
        return Party(f"Civilians{where}", "civilians")
    if kind in ("protesters", "rioters"):
        return Party(f"{kind.capitalize()}{where}", kind)
    return None


def acled_party(party: dict[str, Any] | None, names: dict[str, str], kinds: dict[str, str], country: str | None,
                lang: str | None, after: str = "") -> Party | None:
    """ACLED's name for one party of an event: the KB or local entity's name (a country or its
    nationality word is its state's forces, unless non-state fighters' or civilians' words
    follow it: `after`, "Niger | militiamen", "Ukrainian | civilians"), else the generic
    actor its words call for (a facility's too: a base struck names no one by itself), else
    the name, an armed group's where fighters' words follow it."""
    if party is None:
        return None
    entity = party.get("entity_id")
    kind = word_class(party.get("text") or "", lang)
    if party.get("kind") == "facility" or kinds.get(entity) == "facility":
        return _generic(kind, country)              # a base or a station is no party: "the police station" is the police
    place = gazetteer().places.get(entity) if entity and entity not in names else None    # "Nigerian": the gazetteer's Nigeria
    if entity and (place or kinds.get(entity) == "location"):
        state = place.name if place else names.get(entity, party.get("text"))
        if state not in countries():
            return _generic(kind, country)          # a town or a region acts through no forces of its own
        if language_pattern(lang, "nonstate_words", before=r"\W*(?:\w+\W+)?").match(fold(after)):
            return _generic(word_class(after, lang), country)       # "Israeli settlers" are no army
        if word_class(" ".join(after.split()[:2]), lang) == "civilians":
            return _generic("civilians", country)                   # nor are "Ukrainian civilians"
        return Party(f"Police Forces of {state}" if kind == "police" else f"Military Forces of {state}", "state")
    if entity and entity in names and not entity.startswith("local:"):
        armed = "state" if kind in ("military", "police") else "militia" if kinds.get(entity) != "person" else None
        return Party(names[entity], armed)                # a person named is no armed group
    generic = _generic(kind, country)
    if generic or not (entity and party.get("text")):
        return generic
    # a name the KB does not hold, followed by fighters' words, is an armed group ("X | militants")
    fighters = word_class(" ".join(after.split()[:2]), lang) == "armed"
    return Party(party["text"], "militia" if fighters else None)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    return frozenset(p.name for p in gazetteer().places.values() if p.id.startswith("iso:"))


def state_forces(text: str, lang: str | None) -> list[Party]:
    """States whose forces a sentence names by nationality ("Russian forces", "the Turkish
    army"), in the order it names them."""
    found = []
    for data in for_language(lang, "demonyms"):
        for word, state in data.items():
            pattern = rf"(?<!\w){word_alternative(word)}\s+(\w+(?:\s+\w+){{0,2}})"
            for m in re.finditer(pattern, fold(text), re.IGNORECASE):
                kind = word_class(m.group(1), lang)
                if kind in ("military", "police"):
                    found.append((m.start(), _generic(kind, state)))
    return [party for _, party in sorted(found, key=lambda f: f[0])]


def acled_parties(sub_event: str, actors: list[dict[str, Any]], targets: list[dict[str, Any]], names: dict[str, str],
                  kinds: dict[str, str], country: str | None, lang: str | None, words: Wording = Wording()
                  ) -> tuple[list[Party], list[Party]]:
    """(actor1 and its associates, actor2 and its associates) as ACLED would name them; where
    the rules found no actor, the states whose forces the sentence names stand in, else the
    forces the words of who acted name ("the military set fire to…": the military of the
    event's country); where they found no one struck, those the words of who was struck name
    ("killing two policemen": the police of the event's country)."""
    event_type = coding(sub_event)["event_type"]
    first = _parties(actors, names, kinds, country, lang, words)
    # ACLED's civilians never wield political violence: read as acting, they were struck
    # ("4 civilians were taken out of their house and tortured to death by the Taliban")
    struck = [p for p in first if p.category == "civilians"] if event_type in _HARMING else []
    first = [p for p in first if p not in struck]
    if not first and event_type not in ("Protests", "Riots") and word_class(words.doer, lang) == "armed":
        # "an unidentified Palestinian armed group opened fire towards Israeli forces": the
        # fighters the words of who acted name, whatever state's forces the sentence names
        first, second_named = [_generic("armed", country)], []
    elif not first and event_type not in ("Protests", "Riots"):
        named = _forces_told(words, country, lang)
        first, targets = named[:1], targets or [{"text": p.name, "entity_id": None} for p in named[1:2]]
        second_named = named[1:2]
    else:
        second_named = []
    second = [*struck, *(second_named or _parties(targets, names, kinds, country, lang, words))]
    if (event_type in _HARMING or sub_event == "Mob violence") and not any(p.category for p in second):
        # none found, or only names of no known kind ("attacked 3 unknown gunmen … along the
        # Tamu- Aung Zaya road"): the words that say who was struck, where they say it
        second = _struck_told(words, country, lang) or second
    if not second and event_type == "Battles" and len(first) > 1:
        first, second = first[:1], first[1:2]       # "clashes between A and B": a battle has two sides
    if not second:          # "Russian forces … clashing with Ukrainian forces": the other state's forces
        second = [p for p in state_forces(words.told, lang) if p.name not in {f.name for f in first}][:1]
    crowd = {"Protests": "protesters", "Riots": "rioters"}.get(event_type)
    if crowd:
        # the crowd acts; those who act against it (police) are actor2
        state = [p for p in first + second if p.category == "state"] or \
            [p for p in [_generic(word_class(words.told, lang), country)] if p and p.category == "state" and sub_event in _POLICED]
        victims = [p for p in second if p.category == "civilians"] if sub_event == "Mob violence" else []
        return [_generic(crowd, country)], state + victims
    if not first and event_type in ("Violence against civilians", "Explosions/Remote violence", "Battles"):
        first = [_generic("armed", country)]
    if not second and sub_event in vocabulary()["civilians_struck"]:
        second = [_generic("civilians", country)]
    # the same party on both sides is one the rules read twice, unless it is unidentified
    # ("an armed group attacked and killed two private security men": two groups, a battle)
    return _distinct(first), _distinct([p for p in second if p.name not in {f.name for f in first}
                                        or p.name.startswith(UNIDENTIFIED)])


def _struck_told(words: Wording, country: str | None, lang: str | None) -> list[Party]:
    """Who the words say was struck: those a toll counts, else the object of the trigger
    ("killing two policemen": the police of the event's country)."""
    phrase = words.harmed if word_class(words.harmed, lang) else words.struck
    return state_forces(phrase, lang)[:1] or [p for p in [_generic(word_class(phrase, lang), country)]
                                              if p and p.category in ("state", "militia", "civilians")]


def _parties(found: list[dict[str, Any]], names: dict[str, str], kinds: dict[str, str], country: str | None,
             lang: str | None, words: Wording) -> list[Party]:
    """ACLED's names for the parties the rules found, each read with the words after it."""
    return [p for p in (acled_party(f, names, kinds, country, lang, words.after(f)) for f in found) if p]


def _forces_told(words: Wording, country: str | None, lang: str | None) -> list[Party]:
    """The states whose forces the sentence names ("Russian troops"), else the forces the
    words of who acted name. A passive sentence names who acted after "by" ("a former member
    of the Afghan police was killed by militants": no Afghan police acted)."""
    return state_forces(words.doer if words.passive else words.sentence, lang) or \
        [p for p in [_generic(word_class(words.doer, lang), country)] if p and p.category == "state"]


def acled_coding(sub_event: str, actors: list[dict[str, Any]], targets: list[dict[str, Any]], names: dict[str, str],
                 kinds: dict[str, str], country: str | None, lang: str | None, words: Wording = Wording()
                 ) -> tuple[str, list[Party], list[Party]]:
    """ACLED's sub-event type and parties for a happening the model reads as `sub_event`: who
    acted may change it (acled.yaml `by_actor`: a mob is no armed force), and so may who was
    struck (`by_target`: an attack on the armed is a battle). Who acted is the party the rules
    found, else the one the words before the trigger name ("Palestinian rioters clashed with
    Israeli forces": rioters), else the forces the sentence names."""
    rules = vocabulary().get("by_actor", {}).get(sub_event)
    if rules:
        doers = _parties(actors, names, kinds, country, lang, words) or \
            [p for p in [_generic(word_class(words.doer, lang), country)] if p]
        sub_event = rules.get(doers[0].category if doers else "none", sub_event)
    actor1, actor2 = acled_parties(sub_event, actors, targets, names, kinds, country, lang, words)
    return by_target(sub_event, actor2), actor1, actor2


def by_target(sub_event: str, targets: list[Party]) -> str:
    """The sub-event ACLED codes for who was targeted (acled.yaml `by_target`): an attack on
    police, soldiers or an armed group is a battle."""
    rules = vocabulary().get("by_target", {}).get(sub_event, {})
    return rules.get(targets[0].category, sub_event) if targets and targets[0].category else sub_event


def _distinct(parties: list[Party]) -> list[Party]:
    return list({p.name: p for p in parties}.values())
