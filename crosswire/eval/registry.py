"""Evaluators registered by name, each with the `../shared/data` folder it reads by default."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswire.errors import EvalError


@dataclass
class EvalResult:
    """Figures of one evaluation run: headline metrics, a table, and plain-language notes."""

    name: str
    metrics: dict[str, float]
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: str = ""


@dataclass(frozen=True)
class Evaluator:
    name: str
    folder: str
    func: Callable[..., EvalResult]
    description: str
    # Whether `--size` may list several sizes (a curve: the evaluator gets a tuple).
    sizes: bool = False


EVALUATORS: dict[str, Evaluator] = {}


def evaluator(name: str, *, folder: str, sizes: bool = False) -> Callable:
    def register(func: Callable[..., EvalResult]) -> Callable[..., EvalResult]:
        EVALUATORS[name] = Evaluator(name, folder, func, (func.__doc__ or "").strip().split("\n")[0], sizes)
        return func

    return register


def data_root() -> Path:
    """`CROSSWIRE_DATA`, else `../shared/data` from the working folder or from the checkout."""
    if env := os.environ.get("CROSSWIRE_DATA"):
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data"


def get(name: str) -> Evaluator:
    if name not in EVALUATORS:
        raise EvalError(name, f"unknown evaluator; available: {', '.join(sorted(EVALUATORS))}")
    return EVALUATORS[name]


def resolve_data(evaluator_: Evaluator, data: Path | None) -> Path:
    folder = data or data_root() / evaluator_.folder
    if not folder.is_dir():
        raise EvalError(str(folder), "evaluation data folder not found (pass --data DIR or set CROSSWIRE_DATA)")
    return folder
