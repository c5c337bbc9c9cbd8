"""The knowledge-base file format (version 1): read, validate, write.

One YAML (or JSON) document, `crosswire_kb: 1`, a list of `actors` and, optionally, the
analysts' `edits`; README.md in this folder documents every field. Files are validated whole before anything is stored, and
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
from crosswire.ingest.decode import decode

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


# A KB file's YAML may repeat a value with anchors and aliases, but not expand into more
# nodes than this: a few kilobytes of nested aliases (a "billion laughs") would otherwise
# grow without limit in memory.
MAX_YAML_NODES = 1_000_000
# Largest KB file read: a dictionary of every actor Phoenix knows is a few MB.
MAX_KB_BYTES = 200 * 1024 * 1024


def read_text(path: Path) -> str:
    """A KB file's text, decoded as input files are; a binary or oversized file is refused."""
    try:
        if path.stat().st_size > MAX_KB_BYTES:
            raise InputError(str(path), f"larger than {MAX_KB_BYTES // 1_048_576} MB; not a knowledge-base file")
        return decode(path.read_bytes(), str(path))[0]
    except OSError as error:
        raise InputError(str(path), f"cannot read ({error.strerror or error})") from None


def load_yaml(text: str, where: str) -> Any:
    """YAML read safely (no custom tags), with its expanded size checked before it is built."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_YAML_NODES:
            raise InputError(where, f"YAML expands to more than {MAX_YAML_NODES:,} values through anchors and aliases; refused")
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise InputError(where, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """Nodes the document holds once every alias is expanded; each shared node is counted
    once per use but walked once, so the check costs as little as the text."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = MAX_YAML_NODES + 1          # a node inside itself expands forever
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    total = 1
    for child in children:
        total += _expanded_size(child, sizes)
        if total > MAX_YAML_NODES:
            break
    sizes[id(node)] = total
    return total


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


def _items(value: Any, where: str) -> list[Any]:
    """A list field (a lone value is a list of one); anything else is an error."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value]
    raise ValueError(f"{where}: expected a list, got {type(value).__name__} {value!r}")


def _mapping(value: Any, where: str, fields: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping with {fields}, got {type(value).__name__} {value!r}")
    return value


def _coordinate(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{where}: expected a number, got {value!r}")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{where}: expected a number, got {value!r}") from None


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
    for n, alias in enumerate(_items(data.get("aliases"), f"{where}.aliases")):
        if isinstance(alias, dict):
            lang = alias.get("lang")
            aliases.append(Alias(_text(alias.get("text"), f"{where}.aliases[{n}].text"),
                                 _text(lang, f"{where}.aliases[{n}].lang") if lang is not None else None))
        else:
            aliases.append(Alias(_text(alias, f"{where}.aliases[{n}]")))
    roles = []
    for n, item in enumerate(_items(data.get("roles"), f"{where}.roles")):
        r = _mapping(item, f"{where}.roles[{n}]", "role, of, start, end")
        roles.append(Role(_text(r.get("role"), f"{where}.roles[{n}].role"), _optional_text(r.get("of"), f"{where}.roles[{n}].of"),
                          _date(r.get("start"), f"{where}.roles[{n}].start"), _date(r.get("end"), f"{where}.roles[{n}].end")))
    affiliations = []
    for n, item in enumerate(_items(data.get("affiliations"), f"{where}.affiliations")):
        a = _mapping(item, f"{where}.affiliations[{n}]", "actor, role, start, end")
        affiliations.append(Affiliation(_text(a.get("actor"), f"{where}.affiliations[{n}].actor"),
                                        _optional_text(a.get("role"), f"{where}.affiliations[{n}].role"),
                                        _date(a.get("start"), f"{where}.affiliations[{n}].start"),
                                        _date(a.get("end"), f"{where}.affiliations[{n}].end")))
    location = data.get("location")
    if location is not None and not (isinstance(location, dict) and {"lat", "lon"} <= set(location)):
        raise ValueError(f"{where}.location: expected {{lat, lon}}")
    ids = _mapping(data.get("ids") or {}, f"{where}.ids", "source: identifier pairs")
    return Actor(actor_id, _text(data.get("name"), f"{where}.name"), kind, aliases,
                 {str(k): _text(v, f"{where}.ids.{k}") for k, v in ids.items()}, roles, affiliations,
                 {"lat": _coordinate(location["lat"], f"{where}.location.lat"),
                  "lon": _coordinate(location["lon"], f"{where}.location.lon")} if location else None,
                 _optional_text(data.get("description"), f"{where}.description"))


# What an analyst edit may do, and the fields its value holds (a merge learned from aligned
# sentences, crosswire/aliases/learn.py, also holds the names, the sentences and their weight).
EDIT_ACTIONS = {"alias": {"text", "lang"}, "merge": {"absorbed", "names", "evidence", "weight"}, "split": {"absorbed"},
                "quote_speaker": {"speaker"}, "event_type": {"type", "acled_event_type", "acled_sub_event_type"}}


@dataclass
class Edit:
    """One analyst edit: who did what to which record, when. A correction (of a quote's
    speaker, an event's type) also names the words it corrects: document and span."""

    who: str
    action: str
    target: str
    value: dict[str, Any]
    at: str | None = None
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def edit_from_dict(data: Any, where: str = "edit") -> Edit:
    item = _mapping(data, where, "who, action, target, value, at, doc_id, start, end")
    unknown = set(item) - {"who", "action", "target", "value", "at", "doc_id", "start", "end"}
    if unknown:
        raise ValueError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    action = _text(item.get("action"), f"{where}.action")
    if action not in EDIT_ACTIONS:
        raise ValueError(f"{where}.action: {action!r} is not one of {', '.join(EDIT_ACTIONS)}")
    value = _mapping(item.get("value"), f"{where}.value", ", ".join(sorted(EDIT_ACTIONS[action])))
    if set(value) - EDIT_ACTIONS[action]:
        raise ValueError(f"{where}.value: unknown field {sorted(set(value) - EDIT_ACTIONS[action])[0]!r}")
    span = [item.get("start"), item.get("end")]
    if any(v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0) for v in span):
        raise ValueError(f"{where}: start and end are character offsets (whole numbers)")
    return Edit(_text(item.get("who"), f"{where}.who"), action, _text(item.get("target"), f"{where}.target"), value,
                _optional_text(item.get("at"), f"{where}.at"), _optional_text(item.get("doc_id"), f"{where}.doc_id"),
                *span)


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def parse(data: Any, source: str) -> list[Actor]:
    """Validate a whole KB document's actors; any error names `source` and the actor."""
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


def parse_edits(data: dict[str, Any], source: str) -> list[Edit]:
    """The document's analyst edits, validated; any error names `source` and the edit."""
    try:
        return [edit_from_dict(item, f"edits[{n}]") for n, item in enumerate(_items(data.get("edits"), "edits"))]
    except ValueError as error:
        raise InputError(source, str(error)) from None


def read_document(path: Path) -> tuple[list[Actor], list[Edit]]:
    """A KB file's actors and analyst edits, both validated before either is used."""
    text = read_text(path)
    try:
        data = json.loads(text) if path.suffix == ".json" else load_yaml(text, str(path))
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(str(path), f"cannot read knowledge base: {error}") from None
    return parse(data, str(path)), parse_edits(data, str(path))


def read(path: Path) -> list[Actor]:
    return read_document(path)[0]


def dump(actors: list[Actor], name: str | None = None, edits: list[Edit] | None = None) -> str:
    document = {"crosswire_kb": FORMAT_VERSION, **({"name": name} if name else {}), "actors": [a.to_dict() for a in actors],
                **({"edits": [e.to_dict() for e in edits]} if edits else {})}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=120)
