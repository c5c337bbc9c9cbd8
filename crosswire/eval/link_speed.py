"""`crosswire eval link-speed`: the cost of linking one new document as the corpus grows.

The store is filled to 1k, 10k and 100k documents by replicating NTREX documents with
small perturbations: each replica's text carries its own number and outlet, runs through
the real `clean`, `language`, `metadata` and `signatures` stages, and gets its base document's sentence
vectors plus small noise (embedding 1.7M sentences would take half an hour and measure the
encoder, not linking). Then the `link` stage runs on held-out new documents, timed.
"""
from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from crosswire.columns import schema
from crosswire.engine.local import run_stages
from crosswire.eval.ntrex import read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions
from crosswire.stages import REGISTRY, upstream_key
from crosswire.store import open_store
from crosswire.text.anchors import anchors
from crosswire.text.embed import from_bytes, to_bytes
from crosswire.text.sentences import sentence_spans

SIZES = (1_000, 10_000, 100_000)
NEW_DOCUMENTS = 200
# What replicas and base documents go through before their sentence vectors are copied or
# computed: every stage `link` reads besides sentences.
FILL_STAGES = ("clean", "language", "metadata", "signatures")
BASE_STAGES = ("clean", "language", "metadata", "sentences", "signatures")
NOISE = 0.02
FILE_SIZE = 2_000


def _write(records: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(records), FILE_SIZE):
        with (folder / f"part-{start // FILE_SIZE:05d}.jsonl").open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records[start:start + FILE_SIZE])


def _copy_sentences(store, base: list[np.ndarray], new_ids: list[str], origins: list[int], rng: np.random.Generator) -> None:
    """Replicas get their own sentence spans and their base document's vectors plus noise
    (the replica's numbered headline borrows the vector of the base's first sentence)."""
    stage = REGISTRY["sentences"]
    rows = []
    texts = {r["doc_id"]: r["text"] for r in store.load_rows(new_ids, ("text",))}
    for doc_id, origin in zip(new_ids, origins, strict=True):
        spans = sentence_spans(texts[doc_id])
        source = base[origin]
        vectors = source[[max(0, min(k - 1, len(source) - 1)) for k in range(len(spans))]]
        vectors = vectors + NOISE * rng.standard_normal(vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        mean = vectors.mean(axis=0)
        rows.append({"doc_id": doc_id, "doc_vector": to_bytes(mean / np.linalg.norm(mean)),
                     "sentences": [{"start": a, "end": b, "vector": to_bytes(v), "anchors": sorted(anchors(texts[doc_id][a:b]))}
                                   for (a, b), v in zip(spans, vectors, strict=True)]})
    batch = pa.RecordBatch.from_pylist(rows, schema=schema(("doc_id", *stage.assigns)))
    store.apply(stage.name, stage.version, upstream_key(stage), batch)


def _fill(store, folder: Path, documents: list[list[str]], first: int, count: int, base: list[np.ndarray],
          rng: np.random.Generator) -> list[str]:
    origins = [n % len(documents) for n in range(first, first + count)]
    _write([{"title": f"{documents[o][0]} ({n})", "text": "\n\n".join(documents[o][1:]), "outlet": f"outlet-{n % 50}"}
            for n, o in zip(range(first, first + count), origins, strict=True)], folder)
    report = ingest(store, [str(folder)], IngestOptions())
    run_stages(store, list(FILL_STAGES))
    for start in range(0, len(report.doc_ids), 1000):
        _copy_sentences(store, base, report.doc_ids[start:start + 1000], origins[start:start + 1000], rng)
    return report.doc_ids


@evaluator("link-speed", folder="ntrex")
def evaluate_link_speed(data: Path, size: int | None = None) -> EvalResult:
    """Link-stage documents per second with 1k, 10k and 100k documents stored, and memory."""
    sizes = tuple(s for s in SIZES if s <= size) if size else SIZES
    documents = [segs for docs in read_ntrex(data).values() for segs in docs.values()]
    rng = np.random.default_rng(0)
    rows, metrics = [], {}
    link = REGISTRY["link"]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "speed.db") as store:
        base_folder = Path(tmp) / "base"
        _write([{"text": "\n\n".join(d)} for d in documents], base_folder)
        base_ids = ingest(store, [str(base_folder)], IngestOptions()).doc_ids
        run_stages(store, list(BASE_STAGES))
        loaded = {r["doc_id"]: r["sentences"] for r in store.load_rows(list(dict.fromkeys(base_ids)), ("sentences",))}
        base = [np.vstack([from_bytes(s["vector"]) for s in loaded[doc_id]]) for doc_id in base_ids]
        stored, made = store.count_documents(), 0
        for target in sizes:
            fill = max(0, target - stored)
            _fill(store, Path(tmp) / f"fill-{target}", documents, made, fill, base, rng)
            made += fill
            new_ids = _fill(store, Path(tmp) / f"new-{target}", documents, 10_000_000 + made, NEW_DOCUMENTS, base, rng)
            made += NEW_DOCUMENTS
            started = time.perf_counter()
            for start in range(0, len(new_ids), 50):
                chunk = new_ids[start:start + 50]
                store.apply(link.name, link.version, upstream_key(link), link(store.load_rows(chunk, link.requires)))
            elapsed = time.perf_counter() - started
            stored = store.count_documents()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append([stored, NEW_DOCUMENTS, NEW_DOCUMENTS / elapsed, 1000 * elapsed / NEW_DOCUMENTS, peak])
            metrics[f"docs_per_s_at_{target // 1000}k"] = NEW_DOCUMENTS / elapsed
        metrics["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        metrics["database_mib"] = sum(p.stat().st_size for p in Path(tmp).glob("speed.db*")) / 2**20
    return EvalResult(
        "link-speed", metrics, ["documents stored", "new documents linked", "docs/s", "ms per document", "peak RSS MiB"], rows,
        notes=["Replicas share their base document's sentences, so every new document has ~size/1054 copies of each"
               " partner among its candidates. Copies of one text (sharing ≥8 of 16 LSH bands) are compared once, through"
               " the earliest stored, so the cost follows the number of distinct partner texts; a corpus without copies"
               " costs about what the 1k row shows per candidate.",
               "Candidate retrieval: LSH bands and rare anchors are SQL group-bys; document vectors are searched in a"
               " usearch HNSW index persisted beside the database (f16, 0.03 ms/query at 100k in our measurement,"
               " against 4.8 ms for exact numpy search; recall@20 0.95 on replicated NTREX vectors)."],
        data=str(data),
    )
