"""`crosswire eval aliases`: actors joined across languages by the aliases learned from
aligned sentences (crosswire/aliases), and the merges that should not have been made.

Two corpora. The demo corpus, whose gold (`aliases.yaml` beside this module) lists the
names that are one actor and the actors that must stay apart: the project wrote both the
corpus and the gold, and the rules were written while reading it (a tuned-on figure). And
NTREX news (60 documents each in English, French and Arabic, translations of one another),
which nothing was tuned on: it has no gold for names, so every merge learned there is
listed, for a reader to judge, with the names and the weight of its evidence."""
from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from crosswire.aliases.learn import LEARNER
from crosswire.engine.local import run_stages
from crosswire.eval.pipeline_speed import fixed_set
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.kb.storage import entity_ref
from crosswire.settings import IngestOptions
from crosswire.store import open_store
from crosswire.store.sql import SQLStore

GOLD: dict[str, Any] = yaml.safe_load((resources.files("crosswire.eval") / "aliases.yaml").read_text("utf-8"))


def learned(store: SQLStore) -> list[dict[str, Any]]:
    """Every merge the run learned: the kept and absorbed actors' names and the evidence."""
    merges = []
    for r in store.conn.execute("SELECT target, value FROM analyst_edits WHERE who = ? AND action = 'merge' ORDER BY id",
                                (LEARNER,)):
        value = json.loads(r["value"])
        names = {row[0]: row[1] for row in store.conn.execute("SELECT id, name FROM entities WHERE id IN (?, ?)",
                                                               (r["target"], value["absorbed"]))}
        merges.append({"kept": names.get(r["target"]), "absorbed": names.get(value["absorbed"]),
                       "words": " / ".join(" · ".join(words) for words in value.get("names", [])),
                       "weight": value.get("weight"), "aligned": len(value.get("evidence", []))})
    return merges


def _demo(tmp: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with resources.as_file(resources.files("crosswire.demo") / "corpus") as corpus, open_store(tmp / "demo.db") as store:
        ingest(store, [str(corpus)], IngestOptions())
        run_stages(store)
        groups = {group: {entity_ref(store, name)["id"] for name in names} for group, names in GOLD["one_actor"].items()}
        apart = [entity_ref(store, name)["id"] for name in GOLD["apart"]]
        merges = learned(store)
    return {"demo_groups_one_actor": sum(len(ids) == 1 for ids in groups.values()), "demo_groups": len(groups),
            "demo_actors_kept_apart": len(set(apart)), "demo_actors_apart": len(apart),
            "demo_merges": len(merges)}, merges


def _ntrex(data: Path, tmp: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    records = [record for _, record in fixed_set(data)]
    corpus = tmp / "ntrex.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    with open_store(tmp / "ntrex.db") as store:
        ingest(store, [str(corpus)], IngestOptions())
        report = run_stages(store)
        merges = learned(store)
        translations = store.conn.execute("SELECT count(*) FROM links WHERE kind = 'translation'").fetchone()[0]
    return {"ntrex_documents": len(records), "ntrex_translation_links": translations, "ntrex_merges": len(merges),
            "ntrex_documents_resolved_again": report.again.get("entities", 0)}, merges


@evaluator("aliases", folder="ntrex")
def evaluate_aliases(data: Path, size: int | None = None) -> EvalResult:
    """Actors joined across languages by learned aliases, and every merge made, on the demo corpus and NTREX."""
    with tempfile.TemporaryDirectory() as tmp:
        demo, demo_merges = _demo(Path(tmp))
        ntrex, ntrex_merges = _ntrex(data, Path(tmp))
    rows = [[corpus, m["kept"], m["absorbed"], m["words"], m["weight"], m["aligned"]]
            for corpus, merges in (("demo", demo_merges), ("ntrex", ntrex_merges)) for m in merges]
    return EvalResult("aliases", {**demo, **ntrex}, ["corpus", "kept", "absorbed", "names aligned", "weight", "pairs logged"],
                      rows, notes=[
                          "demo: the bundled fictional corpus; its gold (crosswire/eval/aliases.yaml) and the learning"
                          " rules were written by the project while reading it: tuned-on figures.",
                          "ntrex: NTREX-128 news, 60 documents each in English, French and Arabic (translations of one"
                          " another), never read while writing the rules; no gold for names: each merge is listed.",
                          "weight: aligned sentence pairs (or stretches between them) naming the two in the same place;"
                          " a same-story pair counts half."])
