"""The five real seed articles through `crosswire run`: languages, dates, cleaning, identity."""
from __future__ import annotations

import json
import shutil

from crosswire.documents.storage import fields_of
from crosswire.store import open_store


def _docs_by_seed(db):
    with open_store(db, create=False) as store:
        docs = store.list_documents(limit=100)
    by_file = {}
    for doc in docs:
        for source in doc.sources:
            by_file[source.rsplit("/", 1)[-1][:3]] = doc
    return by_file, docs


def test_run_seeds_languages(cli, db, seeds_dir):
    result = cli("run", str(seeds_dir))
    assert result.exit_code == 0, result.output
    assert "5 read · 5 stored · 0 duplicates · 0 errors" in result.output
    docs, _ = _docs_by_seed(db)
    assert {k: d.lang for k, d in docs.items()} == {"000": "fr", "001": "en", "002": "en", "003": "fr", "004": "en"}


def test_003_date_line_becomes_month_precision_date(seeds_db, cli, db, seeds_dir):
    doc = _docs_by_seed(db)[0]["003"]
    assert (doc.published, doc.published_precision) == ("2023-11", "month")
    assert "date 2023-11" not in doc.text
    assert doc.text.startswith("Le secrétaire général des Brigades")


def test_junk_removed_and_kept_as_metadata(seeds_db, cli, db, seeds_dir):
    docs = _docs_by_seed(db)[0]
    with open_store(db, create=False) as store:
        fields = {k: {(f["key"], f["value"]) for f in fields_of(store, docs[k].id)} for k in ("000", "002")}
    assert "Tous les droits de publication" not in docs["000"].text
    assert ("copyright_holder", "centre d’études et des recherches MENA") in fields["000"]
    assert docs["000"].outlet == "centre d’études et des recherches MENA"
    assert "IraqIranMiddle EastPalestine" not in docs["002"].text
    assert "Back to top button" not in docs["002"].text
    assert ("tags", "IraqIranMiddle EastPalestine") in fields["002"]
    assert ("junk", "Back to top button") in fields["002"]
    assert docs["002"].title.startswith("Iraqi resistance ‘ready for military cooperation")


def test_removed_lines_point_into_the_raw_body(seeds_db, cli, db, seeds_dir):
    doc = _docs_by_seed(db)[0]["002"]
    with open_store(db, create=False) as store:
        tag = next(f for f in fields_of(store, doc.id) if f["key"] == "tags")
        body = store.conn.execute("SELECT body FROM documents WHERE id = ?", (doc.id,)).fetchone()[0]
    assert body[tag["start"]:tag["end"]] == "IraqIranMiddle EastPalestine"


def test_article_relay_and_source_line(seeds_db, cli, db, seeds_dir):
    docs = _docs_by_seed(db)[0]
    assert docs["004"].relayed_from == "rahnam International News Agency"
    # "Source: Médias" names no outlet: kept as a source line, not a relay.
    assert docs["003"].relayed_from is None
    # 000 credits one quote to Russia Today mid-article; the article itself is not relayed.
    assert docs["000"].relayed_from is None


def test_same_article_from_two_paths_is_one_document(cli, seed, tmp_path):
    copy = tmp_path / "elsewhere" / "copy-of-001.txt"
    copy.parent.mkdir()
    shutil.copy(seed("001"), copy)
    assert cli("ingest", str(seed("001"))).exit_code == 0
    result = cli("ingest", str(copy), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["duplicates"] == 1
    docs = json.loads(cli("docs", "--json").output)
    assert len(docs) == 1
    assert sorted(docs[0]["sources"]) == sorted([str(seed("001")), str(copy)])


def test_rerun_is_idempotent(cli, seeds_dir, tmp_path):
    cli("run", str(seeds_dir))
    cli("export", "--out", str(tmp_path / "first"))
    again = cli("run", str(seeds_dir))
    assert "0 stored · 5 duplicates" in again.output
    assert ("clean 0 · language 0 · entities 0 · metadata 0 · sentences 0 · signatures 0 · link 0 · aliases 0 · events 0"
            " · stories 0 · event_groups 0 · quotes 0 · framing 0 · topics 0 · utterances 0") in again.output
    cli("analyze", "--force")
    cli("export", "--out", str(tmp_path / "second"))
    strip = lambda p: [{k: v for k, v in json.loads(line).items() if k != "ingested_at"} for line in p.read_text().splitlines()]
    assert strip(tmp_path / "first" / "documents.jsonl") == strip(tmp_path / "second" / "documents.jsonl")
