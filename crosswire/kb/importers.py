"""Importers: CAMEO/Phoenix actor dictionaries and Wikidata entity JSON into KB actors.

Both formats describe more than crosswire keeps; what is kept is what resolution and actor
profiles use: names and aliases, external ids, dated roles, affiliations, coordinates.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crosswire.errors import InputError
from crosswire.kb.format import Actor, Affiliation, Alias, Role, read_text
from crosswire.langdata.names import skeleton, skeleton_similarity

# ---- CAMEO / Phoenix (TABARI .actors files) ---------------------------------------------------
# NAME_ [CODE] # comment      an actor, optionally with its code on the same line
# +ALIAS_                      another name of the actor above
#     [CODE 920101-961231]     a code held between two dates (YYMMDD or YYYYMMDD); >D since, <D until
_CODE = re.compile(r"\[([A-Z]{3,}[A-Z0-9]*)\s*([<>]?\d{6,8})?(?:-(\d{6,8}))?\s*\]")


def _phoenix_date(value: str | None) -> str | None:
    if not value:
        return None
    digits = value.lstrip("<>")
    if len(digits) == 8:
        year, rest = digits[:4], digits[4:]
    elif len(digits) == 6:
        yy = int(digits[:2])
        year, rest = f"{1900 + yy if yy > 30 else 2000 + yy}", digits[2:]
    else:
        return None
    month, day = rest[:2], rest[2:]
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return year
    return f"{year}-{month}-{day}"


def _phoenix_name(raw: str) -> str:
    words = raw.strip().strip("_+").replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 5 and sum(ch in "AEIOU" for ch in words[0]) <= 1:
        return words[0]                       # an acronym: ANSF, UNSG, PMU
    return " ".join(w.capitalize() if w.isalpha() else w.title() for w in words)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "actor"


def _phoenix_blocks(path: Path) -> Iterator[tuple[str, list[str], list[tuple[str, str | None, str | None]]]]:
    name, aliases, codes = None, [], []
    for line in read_text(path).splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        found = [(m.group(1), m.group(2), m.group(3)) for m in _CODE.finditer(body)]
        head = _CODE.sub("", body).strip()
        if line[:1] in " \t" or not head:
            codes += found
        elif head.startswith("+"):
            if name is not None:
                aliases.append(head)
            codes += found
        else:
            if name is not None:
                yield name, aliases, codes
            name, aliases, codes = head, [], list(found)
    if name is not None:
        yield name, aliases, codes


def _resembles(alias: str, name: str) -> bool:
    """Phoenix files its country's cities and provinces as the country's aliases (its codes
    follow the state); a place that does not resemble the country's name becomes its own."""
    return any(skeleton_similarity(a, b) >= 0.75 or b.startswith(a)
               for a in skeleton(alias).split() for b in skeleton(name).split())


def import_phoenix(path: Path) -> list[Actor]:
    """Actors of one .actors file: kind from the file and codes (a dated code means a person)."""
    blocks = list(_phoenix_blocks(path))
    if not any(codes for _, _, codes in blocks):
        raise InputError(str(path), "no actors found (expected CAMEO/Phoenix `NAME_ [CODE]` entries)")
    actors: dict[str, Actor] = {}
    for raw_name, raw_aliases, codes in blocks:
        name = _phoenix_name(raw_name)
        dated = any(start or end for _, start, end in codes)
        country = len(codes) == 1 and len(codes[0][0]) == 3 and not dated
        kind = "person" if dated else "location" if country else "organization"
        aliases = list(dict.fromkeys(_phoenix_name(a) for a in raw_aliases if _phoenix_name(a) != name))
        places = [a for a in aliases if kind == "location" and not _resembles(a, name)]
        roles = [Role(f"cameo:{code}", None, _phoenix_date(start) if start and not start.startswith("<") else None,
                      _phoenix_date(end or (start if start and start.startswith("<") else None)))
                 for code, start, end in codes if start or end]
        undated = [code for code, start, end in codes if not (start or end)]
        ids = {"cameo": undated[0] if undated else codes[-1][0]} if codes else {}
        actor_id = f"cameo:{_slug(name)}"
        actor = actors.setdefault(actor_id, Actor(actor_id, name, kind, ids=ids))
        actor.aliases += [Alias(a) for a in aliases if a not in places]
        actor.roles += roles
        for place in places:
            place_id = f"cameo:{_slug(place)}"
            actors.setdefault(place_id, Actor(place_id, place, "location", ids=dict(ids),
                                              affiliations=[Affiliation(actor_id, "part of")]))
    return list(actors.values())


# ---- Wikidata entity JSON (the API's `wbgetentities` answer, a dump array, or JSON lines) ------
_PERSON = {"Q5"}
_PLACE = {"Q6256", "Q3624078", "Q515", "Q1549591", "Q486972", "Q15284", "Q5119", "Q1637706", "Q10864048", "Q82794"}
_FACILITY = {"Q695850", "Q1248784", "Q44782", "Q12323", "Q32815", "Q18247357"}
_ORGANIZATION = {"Q43229", "Q7278", "Q17149090", "Q7210356", "Q245065", "Q4830453", "Q1127126", "Q11032", "Q2659904"}
_AFFILIATIONS = {"P102": "member of party", "P463": "member of", "P1416": "affiliation", "P749": "parent organization",
                 "P131": "located in", "P17": "country"}


def _entities(data: Any) -> list[dict]:
    if isinstance(data, dict) and "entities" in data:
        return list(data["entities"].values())
    if isinstance(data, dict) and "id" in data:
        return [data]
    if isinstance(data, list):
        return data
    return []


def _claim_values(entity: dict, prop: str) -> list[tuple[Any, dict]]:
    values = []
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if value is not None:
            values.append((value, claim.get("qualifiers", {})))
    return values


def _qualifier_time(qualifiers: dict, prop: str) -> str | None:
    for q in qualifiers.get(prop, []):
        time = q.get("datavalue", {}).get("value", {}).get("time", "")
        if match := re.match(r"[+-]?(\d{4})-(\d{2})-(\d{2})", time):
            year, month, day = match.groups()
            return year if month == "00" else f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"
    return None


def _wikidata_kind(entity: dict) -> str:
    classes = {v.get("id") for v, _ in _claim_values(entity, "P31") if isinstance(v, dict)}
    for kind, known in (("person", _PERSON), ("facility", _FACILITY), ("location", _PLACE), ("organization", _ORGANIZATION)):
        if classes & known:
            return kind
    if _claim_values(entity, "P625"):
        return "location"
    return "organization" if _claim_values(entity, "P571") else "other"


def import_wikidata(path: Path) -> list[Actor]:
    """Entities with labels and aliases in every language, P31 kind, P625 coordinates,
    P39 positions (with P580/P582 dates and P642 "of") and membership claims."""
    text = read_text(path)
    try:
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError:
            data = [json.loads(line.rstrip(",")) for line in text.splitlines() if line.strip() not in ("", "[", "]")]
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(str(path), f"cannot read Wikidata JSON: {error}") from None
    entities = [e for e in _entities(data) if isinstance(e, dict) and str(e.get("id", "")).startswith("Q")]
    if not entities:
        raise InputError(str(path), "no Wikidata items found (expected {'entities': {...}}, an array or JSON lines)")
    labels = {e["id"]: next(iter(e.get("labels", {}).values()), {}).get("value") for e in entities}
    actors = []
    for entity in entities:
        qid = entity["id"]
        names = {lang: label["value"] for lang, label in entity.get("labels", {}).items() if label.get("value")}
        name = names.get("en") or names.get("fr") or next(iter(names.values()), qid)
        aliases = [Alias(v, lang) for lang, v in names.items() if v != name]
        aliases += [Alias(a["value"], lang) for lang, values in entity.get("aliases", {}).items() for a in values if a.get("value")]
        roles = []
        for value, qualifiers in _claim_values(entity, "P39"):
            position = value.get("id") if isinstance(value, dict) else str(value)
            of = next((q.get("datavalue", {}).get("value", {}).get("id") for q in qualifiers.get("P642", [])), None)
            roles.append(Role(labels.get(position) or position, f"wikidata:{of.lower()}" if of else None,
                              _qualifier_time(qualifiers, "P580"), _qualifier_time(qualifiers, "P582")))
        affiliations = [Affiliation(f"wikidata:{v['id'].lower()}", label, _qualifier_time(q, "P580"), _qualifier_time(q, "P582"))
                        for prop, label in _AFFILIATIONS.items() for v, q in _claim_values(entity, prop) if isinstance(v, dict) and "id" in v]
        coordinates = next((v for v, _ in _claim_values(entity, "P625") if isinstance(v, dict)), None)
        actors.append(Actor(
            f"wikidata:{qid.lower()}", name, _wikidata_kind(entity), list({(a.text, a.lang): a for a in aliases}.values()),
            {"wikidata": qid}, roles, affiliations,
            {"lat": coordinates["latitude"], "lon": coordinates["longitude"]} if coordinates else None,
            (entity.get("descriptions", {}).get("en") or {}).get("value")))
    return actors


IMPORTERS = {"phoenix": import_phoenix, "wikidata": import_wikidata}


def detect_format(path: Path) -> str:
    """`crosswire` for KB files, `wikidata` for JSON items, `phoenix` for .actors/.txt dictionaries."""
    if path.suffix in (".yaml", ".yml"):
        return "crosswire"
    if path.suffix in (".json", ".jsonl", ".ndjson"):
        head = read_text(path)[:2000]
        return "crosswire" if "crosswire_kb" in head else "wikidata"
    return "phoenix"
