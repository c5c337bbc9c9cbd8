"""BENCHMARKS.md: each evaluator owns one section and replaces only that on every run."""
from __future__ import annotations

import json
import os
import platform
import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import psutil

from crosswire.eval.registry import EvalResult

HEADER = "# Benchmarks\n\nWritten by `crosswire eval NAME`; never edited by hand. Each section is replaced by its evaluator's latest run.\n"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    cpu = _cpu_model()
    memory = psutil.virtual_memory().total / 2**30
    return f"{platform.system()} {platform.machine()} ({cpu}), {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def to_markdown(result: EvalResult, command: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## {result.name}", "", f"- date: {stamp}", f"- machine: {machine()}", f"- command: `{command}`"]
    if result.data:
        lines.append(f"- data: `{result.data}`")
    lines += [""] + [f"- **{k}**: {_cell(v)}" for k, v in result.metrics.items()]
    if result.rows:
        lines += ["", "| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in result.rows]
    if result.notes:
        lines += [""] + [f"- {note}" for note in result.notes]
    return "\n".join(lines) + "\n"


def write_section(path: Path, result: EvalResult, command: str) -> None:
    """Replace this evaluator's section (or append it), leaving the others as they are."""
    start, end = f"<!-- eval:{result.name}:start -->", f"<!-- eval:{result.name}:end -->"
    section = f"{start}\n{to_markdown(result, command)}{end}"
    text = path.read_text("utf-8") if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
    partial = path.with_suffix(".md.partial")
    partial.write_text(text, "utf-8")
    os.replace(partial, path)


def floors() -> dict[str, dict[str, float]]:
    """Quality gates: the lowest acceptable value of each pinned metric."""
    return json.loads((resources.files("crosswire.eval") / "baseline.json").read_text("utf-8"))


def below_floor(result: EvalResult) -> list[str]:
    pinned = floors().get(result.name, {})
    return [f"{k} = {result.metrics.get(k, float('nan')):.4f} is below its floor {v}"
            for k, v in pinned.items() if not result.metrics.get(k, float("-inf")) >= v]
