"""`crosswire eval export-speed`: how long each export format takes, and the memory it
peaks at, with 10,000 documents stored (or `--size N`).

The store is web-speed's: the seeds and the demo corpus analysed, then copied with their
records to the size (crosswire/eval/web_speed.py). Each format runs as `crosswire export`
in a process of its own, as a user runs it, so its time includes starting up and its peak
memory (the process's maximum resident set, from the kernel) is its own."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crosswire.eval.registry import EvalResult, evaluator
from crosswire.eval.web_speed import SIZE, sized_store
from crosswire.export import FORMATS

# Formats whose library is an optional extra, and that library.
OPTIONAL = {"ftm": "followthemoney"}
# The memory every export must stay under, on any size of store (issue 21).
MEMORY_LIMIT_MB = 1024


def _folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


# Runs `crosswire export` and reports the process's own peak resident memory (VmHWM). The
# kernel's ru_maxrss would not do: a child started from this process inherits this
# process's high-water mark (the store it just built) across fork and exec.
_MEASURED_EXPORT = """
import sys
from crosswire.cli import app
try:
    app()
finally:
    sys.stderr.write(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def _run(db: Path, fmt: str, out: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of `crosswire export --format fmt`."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED_EXPORT, "--db", str(db), "export", "--format", fmt,
                           "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak = (done.stderr.splitlines() or [""])[-1]
    if done.returncode != 0 or not peak.startswith("VmHWM:"):
        raise RuntimeError(f"export --format {fmt} failed: {done.stderr}")
    return seconds, int(peak.split()[1]) / 1024


@evaluator("export-speed", folder="seeds")
def evaluate_export_speed(data: Path, size: int | None = None) -> EvalResult:
    """Seconds and peak memory of each export format, with 10,000 documents stored."""
    size = size or SIZE
    rows, peaks, skipped = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "export.db"
        stored, _ = sized_store(db, data, size)
        for fmt in FORMATS:
            if fmt in OPTIONAL and importlib.util.find_spec(OPTIONAL[fmt]) is None:
                skipped.append(fmt)
                continue
            out = Path(tmp) / fmt
            seconds, peak = _run(db, fmt, out)
            peaks.append(peak)
            rows.append([fmt, round(seconds, 1), round(stored / seconds), round(peak), round(_folder_mb(out), 1)])
    return EvalResult("export-speed", {"documents_stored": stored, "formats": len(rows),
                                       "slowest_seconds": max(r[1] for r in rows),
                                       "peak_memory_mb": round(max(peaks)),
                                       "formats_under_memory_limit": sum(p < MEMORY_LIMIT_MB for p in peaks)},
                      ["format", "seconds", "documents/s", "peak MiB", "output MiB"], rows,
                      notes=["Each format is `crosswire export --format F` in a process of its own (start-up included);"
                             " peak memory is that process's maximum resident set.",
                             "The store: the seeds and the demo corpus analysed, then copied with their records to the"
                             " size (crosswire/eval/web_speed.py), so actors are shared by every copy.",
                             *([f"Not measured, their optional extra not installed: {', '.join(skipped)}."] if skipped else [])])
