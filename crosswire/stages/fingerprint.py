"""What decides a stage's output, hashed: so results never go stale after an upgrade.

A stage's fingerprint covers
- its code: the crosswire modules its module imports, directly or through others (read
  statically, imports inside functions included), each hashed as its syntax tree without
  docstrings, so a reworded comment recomputes nothing and a changed rule does;
- the package data files those modules name (`plover.yaml`);
- the language-data keys those modules name (`event_triggers`): each key's content in
  every language file, so a changed word list recomputes the stages that read it and no
  other;
- the versions of the installed packages those modules import or load by name (spaCy and
  its models, the sentence encoder, the gazetteer).

Reading names statically keeps the fingerprint cheap and known before anything runs; a
test checks, by tracing a real run, that every language-data key a stage reads is named
in its code.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import crosswire
from crosswire import langdata
from crosswire.columns import DERIVED_IN
from crosswire.stages.registry import REGISTRY, Stage, dependencies
from crosswire.text.normalize import short_hash

PACKAGE_ROOT = Path(crosswire.__file__).parent
# Files beside the code that decide nothing about a stage's output.
_NOT_DATA = {".py", ".pyc", ".md", ".sql"}


@dataclass(frozen=True)
class Fingerprint:
    """The parts of a stage's fingerprint, kept apart so a user can see what changed."""

    modules: dict[str, str]
    data_files: dict[str, str]
    language_keys: dict[str, str]
    packages: dict[str, str]

    @property
    def digest(self) -> str:
        parts = json.dumps([self.modules, self.data_files, self.language_keys, self.packages], sort_keys=True)
        return hashlib.sha1(parts.encode("utf-8")).hexdigest()[:16]


def _source(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@dataclass(frozen=True)
class _Module:
    """What one module's source says about its fingerprint, read in one pass."""

    ours: frozenset[str]        # crosswire modules it imports, anywhere in it
    theirs: frozenset[str]      # top-level third-party modules it imports
    literals: frozenset[str]    # its string constants (language keys, data files, model names)
    code: str                   # hash of its syntax tree without docstrings


@cache
def _module(name: str) -> _Module | None:
    path = _source(name)
    if path is None:
        return None
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    ours: set[str] = set()
    theirs: set[str] = set()
    literals: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literals.add(node.value)
        for imported in _imported(node, package):
            if imported == "crosswire" or imported.startswith("crosswire."):
                ours.add(imported)
            elif imported.split(".")[0] not in sys.stdlib_module_names and imported != "__future__":
                theirs.add(imported.split(".")[0])
    _strip_docstrings(tree)
    code = hashlib.sha1(ast.dump(tree, include_attributes=False).encode("utf-8")).hexdigest()[:16]
    return _Module(frozenset(ours), frozenset(theirs), frozenset(literals), code)


def _imported(node: ast.AST, package: str) -> list[str]:
    """Modules an import statement imports: `from package import submodule` imports the
    submodule, `from module import name` the module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{parent}.{base}".rstrip(".")
    return [f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base for a in node.names]


@cache
def closure(module: str) -> tuple[str, ...]:
    """The crosswire modules `module` uses, itself included. A package's `__init__` counts
    only when imported by name, so one stage's code never pulls in its siblings'."""
    found: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in found or (facts := _module(name)) is None:
            continue
        found.add(name)
        todo.extend(facts.ours)
    return tuple(sorted(found))


def _strip_docstrings(node: ast.AST) -> None:
    """Docstrings off a module and the functions and classes in it (only statements can
    hold them, so expressions are not visited)."""
    body = getattr(node, "body", None)
    if not isinstance(body, list):
        return
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        node.body = body = body[1:] or [ast.Pass()]
    for child in body:
        _strip_docstrings(child)
        for branch in ("orelse", "finalbody", "handlers"):
            for inner in getattr(child, branch, None) or []:
                _strip_docstrings(inner)


@cache
def _data_files() -> dict[str, list[Path]]:
    """Package data files by file name, language data left out (hashed key by key)."""
    found: dict[str, list[Path]] = {}
    langdata_folder = Path(langdata.__file__).parent
    for path in sorted(PACKAGE_ROOT.rglob("*")):
        if path.is_file() and path.suffix not in _NOT_DATA and path.parent != langdata_folder \
                and "__pycache__" not in path.parts:
            found.setdefault(path.name, []).append(path)
    return found


def _file_hash(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:16]


@cache
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _package_versions(top_level: set[str]) -> dict[str, str]:
    versions = {}
    for name in top_level:
        for dist in _distributions().get(name, []):
            versions[dist] = importlib.metadata.version(dist)
    return versions


def language_key_hash(key: str) -> str:
    """One language-data key's content in every language file (a new language counts)."""
    content = {lang: data[key] for lang, data in sorted(langdata.load_files().items()) if key in data}
    return hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def fingerprint(modules: tuple[str, ...]) -> Fingerprint:
    """The fingerprint of code rooted at `modules` (a stage's module, and the modules that
    compute the derived columns it reads)."""
    used = {m: _module(m) for m in sorted({m for root in modules for m in closure(root)})}
    literals = frozenset().union(*(facts.literals for facts in used.values()))
    third_party = set().union(*(facts.theirs for facts in used.values())) | {n for n in literals if n in _distributions()}
    third_party = {n for n in third_party if n != "crosswire"}        # crosswire's own code is hashed above
    keys = literals & set().union(*(data.keys() for data in langdata.load_files().values()))
    files = _data_files()
    return Fingerprint(
        modules={m: facts.code for m, facts in used.items()},
        data_files={str(p.relative_to(PACKAGE_ROOT)): _file_hash(p) for name in sorted(literals & files.keys()) for p in files[name]},
        language_keys={key: language_key_hash(key) for key in sorted(keys)},
        packages=dict(sorted(_package_versions(third_party).items())),
    )


@cache
def stage_fingerprint(name: str) -> Fingerprint:
    """What decides one stage's own output: its code and the code computing the derived
    columns it reads, the data and language keys they name, the packages they use."""
    stage_ = REGISTRY[name]
    derived = [module for column in stage_.requires for module in DERIVED_IN.get(column, ())]
    return fingerprint((stage_.module, *derived))


def upstream_key(stage_: Stage) -> str:
    """Version and fingerprint of a stage and of everything it reads: a changed rule, word
    list or model re-runs the stage and the stages after it, and nothing else."""
    parts = [f"{n}@{REGISTRY[n].version}:{stage_fingerprint(n).digest}" for n in sorted({stage_.name} | dependencies(stage_.name))]
    return short_hash(",".join(parts))
