"""`crosswire eval lang`: language identification per language, per document and segment."""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from crosswire.documents.language import identify
from crosswire.engine.local import run_stages
from crosswire.eval.ntrex import expected_lang, read_ntrex
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions
from crosswire.store import open_store


@evaluator("lang", folder="ntrex")
def evaluate_lang(data: Path, size: int | None = None) -> EvalResult:
    """Language-ID accuracy per language: whole documents through the pipeline, and segments.

    `size` is part of every evaluator's signature; here the folder fixes the size.
    """
    corpus = read_ntrex(data)
    rows, doc_hits, seg_hits, doc_total, seg_total = [], 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "ntrex.jsonl"
        keys = []
        with jsonl.open("w", encoding="utf-8") as handle:
            for stem, docs in corpus.items():
                for segments in docs.values():
                    handle.write(json.dumps({"text": "\n\n".join(segments)}, ensure_ascii=False) + "\n")
                    keys.append(stem)
        with open_store(Path(tmp) / "eval.db") as store:
            report = ingest(store, [str(jsonl)], IngestOptions(outlet="ntrex"))
            run_stages(store, ["clean", "language"])
            detected = [store.get_document(doc_id).lang for doc_id in report.doc_ids]
    per_doc: dict[str, Counter] = {stem: Counter() for stem in corpus}
    for stem, lang in zip(keys, detected, strict=True):
        per_doc[stem][lang] += 1
    for stem, docs in corpus.items():
        want = expected_lang(Path(stem))
        segments = [s for segs in docs.values() for s in segs]
        seg_found = Counter(identify(s)[0] for s in segments)
        doc_ok, seg_ok = per_doc[stem][want], seg_found[want]
        wrong = ", ".join(f"{k}×{v}" for k, v in (seg_found - Counter({want: seg_ok})).most_common(3))
        rows.append([stem, want, len(docs), doc_ok / len(docs), len(segments), seg_ok / len(segments), wrong or "—"])
        doc_hits, doc_total = doc_hits + doc_ok, doc_total + len(docs)
        seg_hits, seg_total = seg_hits + seg_ok, seg_total + len(segments)
    metrics = {
        "doc_accuracy": doc_hits / doc_total,
        "doc_accuracy_macro": sum(r[3] for r in rows) / len(rows),
        "segment_accuracy": seg_hits / seg_total,
        "segment_accuracy_macro": sum(r[5] for r in rows) / len(rows),
        "languages": len(rows),
        "documents": doc_total,
        "segments": seg_total,
    }
    return EvalResult(
        "lang", metrics,
        ["file", "expected", "docs", "doc acc", "segments", "segment acc", "segment errors (top 3)"], rows,
        notes=["Documents go through ingest, `clean` and `language` (paragraph votes weighted by length);"
               " segments are single sentences given to the same identifier.",
               "Codes are ISO 639-1 where one exists; Kurmanji (kmr) is expected as `ku`, Central Kurdish as `ckb`."],
        data=str(data),
    )
