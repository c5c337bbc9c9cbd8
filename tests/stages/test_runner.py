"""The runner processes only new or changed documents and keeps spans consistent."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from crosswire.documents.storage import fields_of, paragraphs_of
from crosswire.engine.local import run_stages
from crosswire.errors import StageError
from crosswire.ingest.pipeline import ingest
from crosswire.settings import IngestOptions

ALL_ONE = {"clean": 1, "language": 1, "entities": 1, "metadata": 1, "sentences": 1, "signatures": 1, "link": 1, "aliases": 1,
           "events": 1, "stories": 1, "event_groups": 1, "quotes": 1, "framing": 1, "topics": 1, "utterances": 1}
ALL_ZERO = {name: 0 for name in ALL_ONE}


def article(n: int, footer: str) -> str:
    topics = ["a convoy reached the northern town", "talks resumed in the capital", "a bridge was damaged by shelling",
              "the port reopened after strikes", "aid workers were evacuated"]
    return (f"Report number {n}\n\nOn day {n}, {topics[n % len(topics)]}, local officials told reporters on the phone.\n\n"
            f"Witnesses described a tense situation in the area and said more people were expected to arrive.\n\n{footer}")


def write(folder, n: int, footer: str = "Download our app for the latest updates"):
    path = folder / f"{n:03d}.txt"
    path.write_text(article(n, footer), encoding="utf-8")
    return path


def test_only_new_documents_are_processed(store, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    write(folder, 1)
    ingest(store, [str(folder)])
    assert run_stages(store).processed == ALL_ONE
    write(folder, 2)
    ingest(store, [str(folder)])
    assert run_stages(store).processed == ALL_ONE
    assert run_stages(store).processed == ALL_ZERO


def test_outlet_boilerplate_is_learned_and_earlier_documents_recleaned(store, tmp_path):
    """A line recurring across one outlet's articles is junk; once learned, older articles
    are cleaned again and their later annotations recomputed against the new text."""
    folder = tmp_path / "site"
    folder.mkdir()
    footer = "Download our app for the latest updates"
    for n in range(2):
        write(folder, n, footer)
    ingest(store, [str(folder)], IngestOptions(outlet="Example Daily"))
    run_stages(store)
    first = store.list_documents()[0]
    assert footer in first.text  # two documents are not yet a pattern
    for n in range(2, 5):
        write(folder, n, footer)
    ingest(store, [str(folder)], IngestOptions(outlet="Example Daily"))
    report = run_stages(store)
    assert report.processed["clean"] == 5 and report.processed["language"] == 5
    for doc in store.list_documents():
        assert footer not in doc.text
        assert ("boilerplate", footer) in {(f["key"], f["value"]) for f in fields_of(store, doc.id)}
        for p in paragraphs_of(store, doc.id):
            assert 0 <= p["start"] < p["end"] <= len(doc.text)


def test_long_repeated_paragraphs_are_not_boilerplate(store, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    background = ("The conflict began three years ago when armed groups seized the coastal road and the government "
                  "responded with a campaign of air strikes that displaced tens of thousands of families.")
    for n in range(5):
        write(folder, n, background)
    ingest(store, [str(folder)], IngestOptions(outlet="Example Daily"))
    run_stages(store)
    assert all(background in d.text for d in store.list_documents())


def test_stage_alone_needs_its_predecessors(store, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    write(folder, 1)
    ingest(store, [str(folder)])
    with pytest.raises(StageError, match="needs stage 'clean'"):
        run_stages(store, ["language"])
    run_stages(store, ["clean"])
    assert run_stages(store, ["language"]).processed == {"language": 1}


def test_force_recomputes_identically(store, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    write(folder, 1)
    ingest(store, [str(folder)])
    run_stages(store)
    doc = store.list_documents()[0]
    before = (doc, fields_of(store, doc.id), paragraphs_of(store, doc.id))
    assert run_stages(store, force=True).processed == ALL_ONE
    doc = store.list_documents()[0]
    assert (doc, fields_of(store, doc.id), paragraphs_of(store, doc.id)) == before


def test_anchor_and_word_frequencies_stay_equal_to_a_recount(store, tmp_path):
    """The stored document frequencies of anchors and content words follow re-cleaning and
    forced re-runs."""
    folder = tmp_path / "site"
    folder.mkdir()
    for n in range(5):
        write(folder, n, "Download our app for the latest updates from Talmora News")
    ingest(store, [str(folder)], IngestOptions(outlet="Example Daily"))
    run_stages(store)
    run_stages(store, ["signatures"], force=True)
    stored = dict(store.conn.execute("SELECT key, n FROM anchor_df WHERE n > 0").fetchall())
    recount = dict(store.conn.execute("SELECT key, count(*) FROM doc_anchors GROUP BY key").fetchall())
    assert stored == recount and recount
    stored = dict(store.conn.execute("SELECT key, n FROM term_df WHERE n > 0").fetchall())
    recount = Counter(t for (terms,) in store.conn.execute("SELECT terms FROM doc_terms") for t in json.loads(terms))
    assert stored == recount and "convoy" in recount


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """News in three languages, more than one worker batch of it."""
    from crosswire.eval.pipeline_speed import fixed_set
    from tests.conftest import shared_data

    records = [r for _, r in fixed_set(shared_data("ntrex"))][::4]
    assert len(records) > 16
    path = tmp_path_factory.mktemp("news") / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def analysed(location: str | Path, *arrivals: Path, **how) -> dict[str, list[str]]:
    """Every record the analysis of the news leaves in a new store, run as `how` says after
    each file arrives."""
    from crosswire.store import open_store
    from crosswire.store.handlers import export_records

    with open_store(location) as store:
        for news in arrivals:
            ingest(store, [str(news)], IngestOptions())
            assert not run_stages(store, **how).failures
        return {kind: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in export_records(store, kind))
                for kind in ("mentions", "events", "quotes", "links", "stories")}


@pytest.fixture(scope="module")
def one_worker(news, tmp_path_factory) -> dict[str, list[str]]:
    return analysed(tmp_path_factory.mktemp("one") / "kb.db", news, workers=1)


def test_two_workers_leave_the_store_as_one_worker_does(news, one_worker, tmp_path):
    assert one_worker["events"] and one_worker["links"]
    assert analysed(tmp_path / "kb.db", news, workers=2) == one_worker


def test_names_the_workers_found_are_not_looked_for_again_by_this_process(news, store, monkeypatch):
    """Documents resolved again (after learned aliases, or a KB edit) in a later stage's
    workers, or here, are not run through the NER model a second time."""
    import crosswire.text.ner as ner

    ingest(store, [str(news)], IngestOptions())
    run_stages(store, ["clean", "language", "entities"], workers=2)
    first = store.conn.execute('SELECT doc_id, start, "end", entity_id FROM mentions ORDER BY 1, 2, 3').fetchall()
    piped = []

    class Counting:
        def __init__(self, nlp):
            self.nlp = nlp

        def __getattr__(self, name):
            return getattr(self.nlp, name)

        def pipe(self, texts, **kwargs):
            texts = list(texts)
            piped.extend(texts)
            return self.nlp.pipe(texts, **kwargs)

    real = ner.pipeline
    monkeypatch.setattr(ner, "pipeline", lambda lang: Counting(real(lang)))
    store.forget_stage("entities")
    assert run_stages(store, ["entities"]).processed["entities"] == store.count_documents()
    assert not piped
    assert store.conn.execute('SELECT doc_id, start, "end", entity_id FROM mentions ORDER BY 1, 2, 3').fetchall() == first


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray cluster of two CPUs, as CI runs it."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_leaves_a_postgresql_store_as_the_local_runner_does(news, one_worker, ray_cluster, postgres):
    """Two Ray workers reading from PostgreSQL, the driver writing to it."""
    assert analysed(postgres, news, workers=2, engine="ray") == one_worker


def test_news_arriving_later_goes_through_the_same_ray_workers_as_through_one_process(news, ray_cluster, tmp_path):
    """A second run, through workers that stayed up, builds on what the first stored."""
    lines = news.read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    for half, part in zip(halves, (lines[:len(lines) // 2], lines[len(lines) // 2:]), strict=True):
        half.write_text("".join(part), encoding="utf-8")
    assert analysed(tmp_path / "ray.db", *halves, workers=2, engine="ray") == analysed(tmp_path / "one.db", *halves)


def test_a_cluster_elsewhere_needs_a_store_it_can_reach(store):
    pytest.importorskip("ray")
    with pytest.raises(StageError, match="postgresql://"):
        run_stages(store, workers=2, engine="ray", address="ray://head:10001")
    with pytest.raises(StageError, match="unknown engine"):
        run_stages(store, engine="spark")


def test_a_document_a_worker_fails_on_is_recorded_and_the_others_go_on(store, tmp_path, monkeypatch):
    import crosswire.events.stage as events_stage

    real = events_stage.find_events

    def fragile(doc_id, text, *args, **kwargs):
        if text.startswith("Report number 7\n"):
            raise ValueError("cannot code this one")
        return real(doc_id, text, *args, **kwargs)

    monkeypatch.setattr(events_stage, "find_events", fragile)       # before the workers fork: they inherit it
    ingest(store, [str(write(tmp_path, n)) for n in range(40)], IngestOptions())
    report = run_stages(store, workers=2)
    seventh = next(d.id for d in store.list_documents(limit=100) if d.text.startswith("Report number 7\n"))
    assert [(f.where, "ValueError: cannot code this one" in f.reason) for f in report.failures] == [(seventh, True)]
    assert [f["doc_id"] for f in store.failures("events")] == [seventh]
    assert report.processed["events"] == 40 and report.processed["quotes"] == 40
