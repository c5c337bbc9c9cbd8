"""The Python API; each function mirrors a CLI command."""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from anyascii import anyascii

from crosswire import eval as evaluation
from crosswire.engine.local import Progress, RunReport, input_key, run_stages
from crosswire.errors import CrosswireError, EvalError, InputError
from crosswire.eval.registry import EvalResult, Evaluator
from crosswire.eval.report import below_floor, to_markdown, write_section
from crosswire.export import FORMATS, Selection
from crosswire.ingest.pipeline import IngestReport, ingest
from crosswire.kb import storage as kb_storage
from crosswire.kb.edits import replay
from crosswire.kb.format import Actor, Alias, actor_from_dict
from crosswire.kb.format import read_document as read_kb
from crosswire.kb.importers import IMPORTERS, detect_format
from crosswire.links.storage import links_of
from crosswire.model import Document
from crosswire.settings import IngestOptions
from crosswire.stages import Stage, ordered
from crosswire.stages.fingerprint import stage_fingerprint
from crosswire.store import Store, open_store
from crosswire.store.copy import copy_store
from crosswire.text.align import Comparison, Idf, View, compare
from crosswire.text.sidebyside import Row, side_by_side

__all__ = [
    "Document", "DocumentComparison", "IngestOptions", "IngestReport", "RunReport", "Store", "analyze",
    "compare_documents", "demo", "evaluate",
    "evaluators", "export", "ingest", "kb_import", "new_actor", "open_store", "run", "stage_fingerprint", "stage_status", "stages",
]


def analyze(store: Store, names: list[str] | None = None, *, force: bool = False, retry_failed: bool = False,
            progress: Progress | None = None, workers: int = 1, engine: str = "local", address: str | None = None
            ) -> RunReport:
    return run_stages(store, names, force=force, retry_failed=retry_failed, progress=progress, workers=workers,
                      engine=engine, address=address)


def stage_status(store: Store) -> dict[str, dict[str, int]]:
    """For each stage, how many documents it holds current, stale, new and failed."""
    return {s.name: store.stage_status(s.name, s.version, input_key(store, s)) for s in ordered()}


def run(store: Store, paths: list[str], options: IngestOptions | None = None, workers: int = 1, engine: str = "local",
        address: str | None = None) -> tuple[IngestReport, RunReport]:
    """Ingest, then analyse what is new or changed."""
    report = ingest(store, paths, options)
    return report, run_stages(store, workers=workers, engine=engine, address=address)


@dataclass
class DocumentComparison:
    a: Document
    b: Document
    comparison: Comparison
    rows: list[Row]
    kind: str | None

    def to_dict(self) -> dict:
        """The comparison as `crosswire compare --json` and the web app give it."""
        c = self.comparison
        return {"a": self.a.id, "b": self.b.id, "kind": self.kind, "similarity": c.similarity, "coverage": c.coverage,
                "anchor_overlap": c.anchor_overlap, "rows": [
                    {"a": r.a, "b": r.b, "score": r.score, "aligned": r.aligned, "only_one_side": r.only_one_side,
                     "a_text": self.a.text[r.a[0]:r.a[1]] if r.a else None,
                     "b_text": self.b.text[r.b[0]:r.b[1]] if r.b else None} for r in self.rows]}


def compare_documents(store: Store, ref_a: str, ref_b: str) -> DocumentComparison:
    """Sentence-by-sentence comparison of two stored documents, as `crosswire compare` shows it."""
    doc_a, doc_b = store.get_document(ref_a), store.get_document(ref_b)
    columns = ("text", "lang", "sentences", "anchors", "anchor_counts", "corpus_size")
    records = {r["doc_id"]: r for r in store.load_rows([doc_a.id, doc_b.id], columns)}
    if not records[doc_a.id]["sentences"] or not records[doc_b.id]["sentences"]:
        raise CrosswireError(store.location, "run `crosswire analyze` first: these documents have no sentences yet")
    view_a, view_b = View.from_record(records[doc_a.id]), View.from_record(records[doc_b.id])
    counts = {c["key"]: c["count"] for r in records.values() for c in r["anchor_counts"]}
    comparison = compare(view_a, view_b, Idf(counts, records[doc_a.id]["corpus_size"]))
    kind = next((link["kind"] for link in links_of(store, doc_a.id) if link["other"] == doc_b.id), None)
    return DocumentComparison(doc_a, doc_b, comparison, side_by_side(view_a, view_b, comparison), kind)


def kb_import(store: Store, path: Path, fmt: str | None = None) -> dict[str, int]:
    """Import a KB file (crosswire YAML/JSON, with the analyst edits it carries), a CAMEO/Phoenix
    dictionary or Wikidata JSON."""
    fmt = fmt or detect_format(path)
    if fmt != "crosswire" and fmt not in IMPORTERS:
        raise CrosswireError(fmt, f"unknown knowledge-base format; available: crosswire, {', '.join(IMPORTERS)}")
    try:
        actors, edits = read_kb(path) if fmt == "crosswire" else (IMPORTERS[fmt](path), [])
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as error:
        raise InputError(str(path), f"not a valid {fmt} knowledge-base file ({type(error).__name__}: {error})") from None
    counts = kb_storage.kb_import(store, actors)
    return {"format": fmt, "actors": len(actors), **counts, "edits": replay(store, edits)}


def new_actor(actor_id: str | None, name: str, kind: str, aliases: list[Alias], ids: dict[str, str]) -> Actor:
    """A KB actor validated as an imported one would be; the id defaults to a slug of the name."""
    data = {"id": actor_id or re.sub(r"[^a-z0-9]+", "-", anyascii(name).casefold()).strip("-"), "name": name, "kind": kind,
            "aliases": [{"text": a.text, "lang": a.lang} for a in aliases], "ids": ids}
    try:
        return actor_from_dict(data)
    except ValueError as error:
        raise CrosswireError(name, str(error)) from None


def stages() -> list[Stage]:
    return ordered()


def export(store: Store, fmt: str, out: Path, selection: Selection = Selection()) -> dict[str, int]:
    """Write the knowledge base (or the part `selection` keeps) in one format; what was written, per file."""
    if fmt not in FORMATS:
        raise CrosswireError(fmt, f"unknown export format; available: {', '.join(FORMATS)}")
    return FORMATS[fmt](store, out, selection)


def copy(source: str, target: str) -> dict[str, int]:
    """Copy a knowledge base into a new, empty store (a SQLite file to PostgreSQL, or
    back); the rows copied, per table."""
    with open_store(source, readonly=True) as src, open_store(target) as dst:
        return copy_store(src, dst)


def demo(db: Path) -> IngestReport:
    """Rebuild `db` from the bundled fictional corpus and analyse it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with resources.as_file(resources.files("crosswire.demo") / "corpus") as folder, open_store(db) as store:
        report, _ = run(store, [str(folder)])
    return report


def evaluators() -> list[Evaluator]:
    return sorted(evaluation.EVALUATORS.values(), key=lambda e: e.name)


def evaluate(name: str, data: Path | None = None, *, size: int | tuple[int, ...] | None = None,
             benchmarks: Path | None = None, command: str = "") -> tuple[EvalResult, list[str]]:
    """Run an evaluator; record it in `benchmarks` when given; return it with any gate failures.
    Evaluators that draw a curve get every size as a tuple; the others one size."""
    chosen = evaluation.get(name)
    sizes = (size,) if isinstance(size, int) else size
    if sizes and len(sizes) > 1 and not chosen.sizes:
        raise EvalError(name, "takes one --size, not a list")
    result = chosen.func(evaluation.resolve_data(chosen, data), size=sizes if chosen.sizes or not sizes else sizes[0])
    if benchmarks is not None:
        write_section(benchmarks, result, command or f"crosswire eval {name}")
    return result, below_floor(result)


def eval_markdown(result: EvalResult, command: str) -> str:
    return to_markdown(result, command)
