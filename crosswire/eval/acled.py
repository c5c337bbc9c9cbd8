"""`crosswire eval acled`: ACLED's own coding of 2022 events, read back from the coders'
notes through the whole pipeline and the ACLED export.

Each note (`acled_2022_notes.csv`) is stored as a document and analysed as a user's
article would be (no date or place given beside the text); the rows `crosswire export
--format acled` would write are compared with ACLED's columns. The notes are split by
country (a hash of the country name), so near-duplicate notes of one conflict never fall
on both sides: rules and examples may be chosen while reading `dev`; `test` is read only
through this evaluator's figures. Each split is a fixed sample of up to `--size` notes per
event type (60 by default), the same every run. ACLED's terms allow evaluation only:
nothing learned from these notes ships.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswire.engine.local import run_stages
from crosswire.errors import EvalError
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.export.acled import acled_rows
from crosswire.ingest.pipeline import ingest
from crosswire.langdata.names import folded
from crosswire.settings import IngestOptions
from crosswire.store import open_store

NOTES = "acled_2022_notes.csv"
SPLITS = ("dev", "test")
PER_TYPE = 60
NONE = "(none)"
# Words of an actor name that say nothing about who it is.
_FILLER = {"of", "the", "and", "de", "la", "forces", "group", "unidentified"}


def split_of(country: str) -> str:
    """`dev` or `test`, by country, the same on every machine."""
    return SPLITS[int(hashlib.sha1(country.encode("utf-8")).hexdigest()[:8], 16) % 2]


def sample(rows: list[dict[str, str]], split: str, per_type: int) -> list[dict[str, str]]:
    """Up to `per_type` notes of each event type from one split, in a fixed order."""
    chosen: list[dict[str, str]] = []
    by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if split_of(row["country"]) == split:
            by_type[row["event_type"]].append(row)
    for event_type in sorted(by_type):
        notes = sorted(by_type[event_type], key=lambda r: hashlib.sha1(r["event_id_cnty"].encode()).hexdigest())
        chosen += notes[:per_type]
    return chosen


def read_notes(data: Path) -> list[dict[str, str]]:
    path = data / NOTES
    if not path.is_file():
        raise EvalError(str(path), "ACLED notes not found (expected acled_2022_notes.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Coded:
    """One note, ACLED's coding and what crosswire exported for it."""

    gold: dict[str, str]
    rows: list[dict[str, Any]]

    @property
    def row(self) -> dict[str, Any] | None:
        return self.rows[0] if self.rows else None

    def predicted(self, column: str) -> str:
        return str(self.row[column]) if self.row else NONE


def code_notes(notes: list[dict[str, str]]) -> list[Coded]:
    """Run the notes through ingest, every stage and the ACLED export."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "notes.jsonl"
        source.write_text("".join(json.dumps({"text": n["notes"]}, ensure_ascii=False) + "\n" for n in notes), encoding="utf-8")
        with open_store(folder / "acled.db") as store:
            report = ingest(store, [str(source)], IngestOptions())
            if len(report.doc_ids) != len(notes):
                raise EvalError(str(source), f"{len(notes)} notes gave {len(report.doc_ids)} documents")
            failures = run_stages(store).failures
            if failures:
                raise EvalError(str(source), f"{len(failures)} stage failures, first: {failures[0]}")
            rows = list(acled_rows(store))
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for doc_id in row["doc_ids"].split():
            by_doc[doc_id].append(row)
    return [Coded(note, by_doc.get(doc_id, [])) for note, doc_id in zip(notes, report.doc_ids, strict=True)]


def macro_f1(pairs: list[tuple[str, str]], labels: set[str]) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    """Macro-F1 over `labels` (gold classes), and per label (precision, recall, F1, support)."""
    per = {}
    for label in sorted(labels):
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per[label] = (precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0, tp + fn)
    return (sum(f for _, _, f, _ in per.values()) / len(per) if per else 0.0), per


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w{3,}", folded(re.sub(r"\(\d{4}-\d*\)", "", name))) if w not in _FILLER}


def actor_right(coded: Coded) -> bool:
    """actor1 shares a meaningful word with ACLED's (its name or the country in brackets)."""
    return bool(coded.row) and bool(_words(coded.row["actor1"]) & _words(coded.gold["actor1"]))


def actor2_right(coded: Coded) -> bool:
    """actor2 shares a meaningful word with ACLED's other than the country's name: the
    generic actors ("Civilians (Mexico)", "Police Forces of Mexico") all carry it."""
    country = _words(coded.gold["country"])
    return bool(coded.row) and bool((_words(coded.row["actor2"]) - country) & (_words(coded.gold["actor2"]) - country))


def location_right(coded: Coded) -> bool:
    if not coded.row or not coded.row["location"]:
        return False
    ours, gold = folded(coded.row["location"]), folded(coded.gold["location"])
    return ours == gold or (len(ours) > 3 and (ours in gold or gold in ours))


def figures(coded: list[Coded]) -> dict[str, float]:
    types = {c.gold["event_type"] for c in coded}
    sub_types = {c.gold["sub_event_type"] for c in coded}
    event_f1, _ = macro_f1([(c.gold["event_type"], c.predicted("event_type")) for c in coded], types)
    sub_f1, _ = macro_f1([(c.gold["sub_event_type"], c.predicted("sub_event_type")) for c in coded], sub_types)
    with_deaths = [c for c in coded if int(c.gold["fatalities"] or 0) > 0]
    found = [c for c in coded if c.row]
    struck = [c for c in coded if c.gold["actor2"]]
    return {
        "event_type_accuracy": sum(c.gold["event_type"] == c.predicted("event_type") for c in coded) / len(coded),
        "event_type_macro_f1": event_f1,
        "sub_event_macro_f1": sub_f1,
        "no_event": sum(not c.rows for c in coded) / len(coded),
        "one_row": sum(len(c.rows) == 1 for c in coded) / len(coded),
        "fatalities_exact": sum(bool(c.row) and int(c.row["fatalities"] or 0) == int(c.gold["fatalities"]) for c in with_deaths)
        / max(1, len(with_deaths)),
        "fatalities_exact_all": sum(int(c.row["fatalities"] or 0) == int(c.gold["fatalities"]) for c in found) / max(1, len(found)),
        "actor1_right": sum(map(actor_right, coded)) / len(coded),
        "actor2_right": sum(map(actor2_right, struck)) / max(1, len(struck)),
        "location_right": sum(map(location_right, coded)) / len(coded),
        "date_right": sum(bool(c.row) and c.row["event_date"] == c.gold["event_date"] for c in coded) / len(coded),
        "notes": len(coded),
    }


@evaluator("acled", folder="events")
def evaluate_acled(data: Path, size: int | None = None) -> EvalResult:
    """ACLED 2022 notes through the pipeline: event and sub-event types, slots, one row per happening."""
    notes = read_notes(data)
    per_type = size or PER_TYPE
    metrics: dict[str, float] = {}
    rows: list[list[Any]] = []
    confused: list[str] = []
    for split in SPLITS:
        coded = code_notes(sample(notes, split, per_type))
        for key, value in figures(coded).items():
            metrics[f"{split}_{key}"] = round(value, 3)
        _, per = macro_f1([(c.gold["event_type"], c.predicted("event_type")) for c in coded],
                          {c.gold["event_type"] for c in coded})
        rows += [[split, label, support, round(p, 3), round(r, 3), round(f, 3)] for label, (p, r, f, support) in per.items()]
        confusions = Counter((c.gold["event_type"], c.predicted("event_type")) for c in coded
                             if c.gold["event_type"] != c.predicted("event_type"))
        confused.append(f"Most frequent confusions on {split} (ACLED → crosswire): "
                        + "; ".join(f"{g} → {p} ×{n}" for (g, p), n in confusions.most_common(6)) + ".")
    return EvalResult(
        "acled", metrics, ["split", "event type", "notes", "precision", "recall", "F1"], rows,
        notes=[
            "Split by country (sha1 of the name, even → dev, odd → test); dev may be read while writing rules and "
            "examples, test only through these figures. Nothing is trained on either: ACLED's terms allow evaluation only.",
            f"Each split: up to {per_type} notes per ACLED event type, fixed order (sha1 of the event id).",
            "A note with no exported row counts as predicting no event type. fatalities_exact: notes ACLED codes with deaths; "
            "fatalities_exact_all: every note with a row. actor1_right: actor1 shares a word (not 'forces', 'group', "
            "'of'…) with ACLED's actor1, whose bracketed country counts. actor2_right: notes ACLED codes with an actor2; "
            "it shares such a word with ACLED's actor2, the country's name not counting. location_right: the location's name equals ACLED's, "
            "or one holds the other.",
            *confused,
        ],
        data=str(data),
    )
