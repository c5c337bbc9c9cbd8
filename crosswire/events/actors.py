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
from crosswire.text.events import fold, word_alternative

# The party categories ACLED's interaction codes distinguish, by the words that name them.
_ORDER = ("police", "military", "protesters", "rioters", "armed", "civilians")


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
                return kind
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
        return Party(f"Unidentified Armed Group{where}", "militia")
    if kind == "civilians":
        return Party(f"Civilians{where}", "civilians")
    if kind in ("protesters", "rioters"):
        return Party(f"{kind.capitalize()}{where}", kind)
    return None


def acled_party(party: dict[str, Any] | None, names: dict[str, str], kinds: dict[str, str], country: str | None,
                lang: str | None) -> Party | None:
    """ACLED's name for one party of an event: the KB or local entity's name (a country or its
    nationality word is its state's forces), else the generic actor its words call for."""
    if party is None:
        return None
    entity = party.get("entity_id")
    kind = word_class(party.get("text") or "", lang)
    place = gazetteer().places.get(entity) if entity and entity not in names else None    # "Nigerian": the gazetteer's Nigeria
    if entity and (place or kinds.get(entity) == "location"):
        state = place.name if place else names.get(entity, party.get("text"))
        if state not in countries():
            return _generic(kind, country)          # a town or a region acts through no forces of its own
        return Party(f"Police Forces of {state}" if kind == "police" else f"Military Forces of {state}", "state")
    if entity and entity in names and not entity.startswith("local:"):
        armed = "state" if kind in ("military", "police") else "militia" if kinds.get(entity) != "person" else None
        return Party(names[entity], armed)                # a person named is no armed group
    return _generic(kind, country) or (Party(party["text"], None) if entity and party.get("text") else None)


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
                  kinds: dict[str, str], country: str | None, lang: str | None, sentence: str = "", subject: str = ""
                  ) -> tuple[list[Party], list[Party]]:
    """(actor1 and its associates, actor2 and its associates) as ACLED would name them; where
    the rules found no actor, the states whose forces the sentence names stand in, else the
    forces the words before the event's trigger name ("the military set fire to…": the
    military of the event's country)."""
    event_type = coding(sub_event)["event_type"]
    first = [p for p in (acled_party(a, names, kinds, country, lang) for a in actors) if p]
    if not first and event_type not in ("Protests", "Riots"):
        named = state_forces(sentence, lang) or \
            [p for p in [_generic(word_class(subject, lang), country)] if p and p.category == "state"]
        first, targets = named[:1], targets or [{"text": p.name, "entity_id": None} for p in named[1:2]]
        second_named = named[1:2]
    else:
        second_named = []
    second = second_named or [p for p in (acled_party(t, names, kinds, country, lang) for t in targets) if p]
    crowd = {"Protests": "protesters", "Riots": "rioters"}.get(event_type)
    if crowd:
        # the crowd acts; those who act against it (police) are actor2
        state = [p for p in first + second if p.category == "state"]
        victims = [p for p in second if p.category == "civilians"] if sub_event == "Mob violence" else []
        return [_generic(crowd, country)], state + victims
    if not first and event_type in ("Violence against civilians", "Explosions/Remote violence", "Battles"):
        first = [_generic("armed", country)]
    if not second and event_type == "Violence against civilians":
        second = [_generic("civilians", country)]
    return _distinct(first), _distinct([p for p in second if p.name not in {f.name for f in first}])


def by_target(sub_event: str, targets: list[Party]) -> str:
    """The sub-event ACLED codes for who was targeted (acled.yaml `by_target`): an attack on
    police, soldiers or an armed group is a battle."""
    rules = vocabulary().get("by_target", {}).get(sub_event, {})
    return rules.get(targets[0].category, sub_event) if targets and targets[0].category else sub_event


def _distinct(parties: list[Party]) -> list[Party]:
    return list({p.name: p for p in parties}.values())
