"""The knowledge-base file format (version 1): read, validate, write.

One YAML (or JSON) document, `crosswire_kb: 1` and a list of `actors`; README.md in this
folder documents every field. Files are validated whole before anything is stored, and
errors name the file, the actor and the field.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crosswire.errors import InputError

FORMAT_VERSION = 1
KINDS = ("person", "organization", "location", "facility", "other")
_ID = re.compile(r"^[a-z0-9][a-z0-9._:-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Alias:
    text: str
    lang: str | None = None


@dataclass
class Role:
    """`role` of actor `of` (a KB id, or a name not in the KB), between two dates."""

    role: str
    of: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class Affiliation:
    actor: str
    role: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[Alias] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    location: dict[str, float] | None = None
    description: str | None = None

    def names(self) -> list[Alias]:
        return [Alias(self.name), *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, empty fields left out (as a curator would write it)."""
        data = asdict(self)
        data["aliases"] = [a.text if a.lang is None else {"text": a.text, "lang": a.lang} for a in self.aliases]
        for key in ("roles", "affiliations"):
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key]]
        return {k: v for k, v in data.items() if v not in (None, [], {})}


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    text = str(value)
    if not _DATE.match(text):
        raise ValueError(f"{where}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str | int | float) or not str(value).strip():
        raise ValueError(f"{where}: expected a non-empty string")
    return str(value).strip()


def actor_from_dict(data: Any, where: str = "actor") -> Actor:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping with id, name and kind")
    unknown = set(data) - {f for f in Actor.__dataclass_fields__}
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    actor_id = _text(data.get("id"), f"{where}.id")
    where = f"actor {actor_id!r}"
    if not _ID.match(actor_id):
        raise ValueError(f"{where}: id must be lower-case letters, digits, '.', ':', '_' or '-'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    aliases = []
    for n, alias in enumerate(data.get("aliases") or []):
        if isinstance(alias, dict):
            aliases.append(Alias(_text(alias.get("text"), f"{where}.aliases[{n}].text"), alias.get("lang")))
        else:
            aliases.append(Alias(_text(alias, f"{where}.aliases[{n}]")))
    roles = [Role(_text(r.get("role"), f"{where}.roles[{n}].role"), r.get("of"), _date(r.get("start"), f"{where}.roles[{n}].start"),
                  _date(r.get("end"), f"{where}.roles[{n}].end")) for n, r in enumerate(data.get("roles") or [])]
    affiliations = [Affiliation(_text(a.get("actor"), f"{where}.affiliations[{n}].actor"), a.get("role"),
                                _date(a.get("start"), f"{where}.affiliations[{n}].start"), _date(a.get("end"), f"{where}.affiliations[{n}].end"))
                    for n, a in enumerate(data.get("affiliations") or [])]
    location = data.get("location")
    if location is not None and not (isinstance(location, dict) and {"lat", "lon"} <= set(location)):
        raise ValueError(f"{where}.location: expected {{lat, lon}}")
    return Actor(actor_id, _text(data.get("name"), f"{where}.name"), kind, aliases,
                 {str(k): str(v) for k, v in (data.get("ids") or {}).items()}, roles, affiliations,
                 {"lat": float(location["lat"]), "lon": float(location["lon"])} if location else None,
                 data.get("description"))


def parse(data: Any, source: str) -> list[Actor]:
    """Validate a whole KB document; any error names `source` and the actor."""
    if not isinstance(data, dict) or "crosswire_kb" not in data:
        raise InputError(source, "not a crosswire knowledge base (missing `crosswire_kb: 1`)")
    if data["crosswire_kb"] != FORMAT_VERSION:
        raise InputError(source, f"knowledge-base format {data['crosswire_kb']!r}; this crosswire reads {FORMAT_VERSION}")
    actors, seen = [], set()
    try:
        for n, item in enumerate(data.get("actors") or []):
            actor = actor_from_dict(item, f"actors[{n}]")
            if actor.id in seen:
                raise ValueError(f"actor {actor.id!r}: id used twice")
            seen.add(actor.id)
            actors.append(actor)
    except ValueError as error:
        raise InputError(source, str(error)) from None
    return actors


def read(path: Path) -> list[Actor]:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as error:
        raise InputError(str(path), f"cannot read knowledge base: {error}") from None
    return parse(data, str(path))


def dump(actors: list[Actor], name: str | None = None) -> str:
    document = {"crosswire_kb": FORMAT_VERSION, **({"name": name} if name else {}), "actors": [a.to_dict() for a in actors]}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)
