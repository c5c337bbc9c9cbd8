"""The per-language data files of this folder, and the word lists and patterns built from them."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from crosswire.errors import LanguageDataError
from crosswire.langdata.letters import ARABIC_CLITICS, fold_word


def longest_first(items: Iterable[str]) -> list[str]:
    """Distinct words, longest first so that a regex alternation prefers the longer match;
    ties in a fixed order, so that matching never depends on the interpreter's hash seed."""
    return sorted(set(items), key=lambda w: (-len(w), w))


# A folder of the user's own language files: each replaces the bundled file of the same
# name, or adds a language.
OVERRIDE_ENV = "CROSSWIRE_LANGDATA"
# libyaml's safe loader where PyYAML was built with it: the same data, ten times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_files(folder: Traversable) -> dict[str, Traversable]:
    return {f.name.removesuffix(".yaml"): f for f in folder.iterdir() if f.name.endswith(".yaml") and f.is_file()}


def language_files() -> dict[str, Traversable]:
    """Where each language file is, by language code: the package's, or an override's."""
    found = _yaml_files(resources.files("crosswire.langdata"))
    if override := os.environ.get(OVERRIDE_ENV):
        if not Path(override).is_dir():
            raise LanguageDataError(override, f"{OVERRIDE_ENV} names no folder")
        found.update(_yaml_files(Path(override)))
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def load_files() -> dict[str, dict]:
    """Every language file by language code (`common` for language-neutral patterns)."""
    files = {}
    for name, path in language_files().items():
        try:
            files[name] = yaml.load(path.read_text("utf-8"), Loader=_SAFE_LOADER) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise LanguageDataError(str(path), f"not a readable YAML language file ({exc})") from None
        if not isinstance(files[name], dict):
            raise LanguageDataError(str(path), "a language file maps keys to word lists")
        _check_words(str(path), files[name])
    return files


def _check_words(where: str, value: object) -> None:
    """Word lists hold words: YAML reads a bare on/no/yes as a boolean, which must be quoted."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _check_words(f"{where}: {key}", inner)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, bool):
                raise LanguageDataError(where, f"{item!r} is a YAML boolean; quote the word")
            _check_words(where, item)


@lru_cache(maxsize=None)
def words(key: str) -> tuple[str, ...]:
    """One word list (`honorifics`, `role_words`…) from every language file, as written."""
    return tuple(dict.fromkeys(w for data in load_files().values() for w in data.get(key, [])))


@lru_cache(maxsize=None)
def word_pattern(key: str, joiner: str = r"\ ", after: str = r"(?!\w)", hyphens: bool = False) -> re.Pattern[str]:
    """Any word or phrase of one list, as a whole word in any letter case, longest first;
    `joiner` replaces the spaces of a phrase (and its hyphens, with `hyphens`), `after`
    says what must follow it."""
    alternatives = []
    for word in longest_first(words(key)):
        escaped = re.escape(word).replace(r"\ ", joiner)
        alternatives.append(escaped.replace(r"\-", joiner) if hyphens else escaped)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)


@lru_cache(maxsize=None)
def word_set(key: str) -> frozenset[str]:
    """One list from every file, each word folded (`letters.fold_word`), for membership
    tests of words folded the same way."""
    return frozenset(fold_word(w) for w in words(key))


def bare_word(word: str, listed: frozenset[str]) -> str | None:
    """The folded word if a folded list holds it, alone or after one Arabic proclitic
    ("وفي", "بمدينة"); None otherwise."""
    word = fold_word(word)
    if word in listed:
        return word
    return word[1:] if word[:1] in ARABIC_CLITICS and word[1:] in listed else None


def for_language(lang: str | None, key: str) -> list[object]:
    """One key's value for the language; for text of unknown language, every language's.
    A language without the key gets nothing: another language's words would misread it."""
    files = load_files()
    if lang is None:
        return [data[key] for data in files.values() if key in data]
    return [files[lang][key]] if key in files.get(lang, {}) else []
