"""`crosswire eval actors-seeds`: the seeds' name-variant groups, each one entity across
documents and languages, and no two people merged.

The groups are the evaluation's gold (issue 4), in `actors_seeds.yaml` beside this
module as test expectations are: the pipeline itself never sees them. Every written occurrence of a
variant in the seed texts must carry a mention resolved to the group's single entity.
"""
from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from importlib import resources
from pathlib import Path

import yaml

from crosswire.engine.local import run_stages
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.kb import storage as kb_storage
from crosswire.langdata.names import SAME_NAME, skeleton, skeleton_similarity
from crosswire.settings import IngestOptions
from crosswire.store import open_store
from crosswire.store.handlers import export_records

GROUPS: dict[str, list[str]] = yaml.safe_load(
    (resources.files("crosswire.eval") / "actors_seeds.yaml").read_text("utf-8"))["groups"]


def _occurrences(text: str, variant: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", text, re.IGNORECASE)]


def _surname(name: str) -> str:
    words = skeleton(name).split()
    return words[-1] if words else ""


def _score(data: Path, with_kb: bool) -> tuple[list[list], int, dict[str, set[str]]]:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "seeds.db") as store:
        if not with_kb:
            for actor in kb_storage.kb_actors(store):
                kb_storage.kb_remove(store, actor.id)
        report = ingest(store, [str(data)], IngestOptions())
        run_stages(store, ["clean", "language", "entities"])
        documents = {doc_id: store.get_document(doc_id) for doc_id in dict.fromkeys(report.doc_ids)}
        by_doc = defaultdict(list)
        for m in export_records(store, "mentions"):
            by_doc[m["doc_id"]].append(m)
    rows, resolved = [], 0
    for group, variants in GROUPS.items():
        found, missed = defaultdict(int), 0
        for doc_id, doc in documents.items():
            spans = {span for v in variants for span in _occurrences(doc.text, v)}
            for start, end in sorted(spans):
                hit = next((m for m in by_doc[doc_id] if m["start"] < end and start < m["end"] and m["entity_id"]), None)
                if hit is None:
                    missed += 1
                else:
                    found[hit["entity_id"]] += 1
        one = len(found) == 1 and missed == 0
        resolved += one
        rows.append([group, "starter" if with_kb else "none", sum(found.values()) + missed, missed,
                     ", ".join(f"{e} ×{n}" for e, n in found.items()) or "—", "yes" if one else "no"])
    people = defaultdict(set)
    for doc_mentions in by_doc.values():
        for m in doc_mentions:
            if m["kind"] == "person" and m["entity_id"]:
                people[m["entity_id"]].add(m["text"])
    return rows, resolved, people


@evaluator("actors-seeds", folder="seeds")
def evaluate_actors_seeds(data: Path, size: int | None = None) -> EvalResult:
    """Variant groups resolved to one entity each across the seeds; wrong merges of people."""
    rows, resolved, people = _score(data, with_kb=True)
    bare_rows, bare_resolved, bare_people = _score(data, with_kb=False)
    wrong = {entity: names for entity, names in {**people, **bare_people}.items()
             if any(skeleton_similarity(_surname(a), _surname(b)) < SAME_NAME for a in names for b in names)}
    rows += bare_rows
    rows += [[f"wrong merge: {entity}", "", len(names), "", "; ".join(sorted(names)), "no"] for entity, names in wrong.items()]
    return EvalResult(
        "actors-seeds",
        {"groups_resolved": resolved / len(GROUPS), "groups_resolved_without_kb": bare_resolved / len(GROUPS),
         "groups": len(GROUPS), "wrong_person_merges": len(wrong), "person_entities": len(people)},
        ["variant group", "KB", "occurrences", "missed", "entities (mentions)", "one entity"], rows,
        notes=["Occurrences are every case-insensitive whole-word match of a variant in the seed texts; each must overlap"
               " a mention resolved to the group's one entity.",
               "KB `starter`: the knowledge base every new store starts with; `none`: the same run with it emptied, so"
               " only normalization, consonant keys and coreference can unite the variants (acronyms and translated"
               " names such as PMU = Hashd al-Shaabi need the KB).",
               "A wrong merge is a person entity whose mentions carry surnames that do not match (consonant skeletons);"
               " both runs are checked."],
        data=str(data),
    )
