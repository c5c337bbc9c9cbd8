"""Each reader on input a user would give it: pages, feeds, exports, stdin."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

CORPUS = resources.files("crosswire.demo") / "corpus"


def test_html_page_main_text_title_date_outlet(cli):
    with resources.as_file(CORPUS / "fictional-en-harbour-wire-reprint.html") as page:
        assert cli("run", str(page)).exit_code == 0
    doc = json.loads(cli("docs", "--json").output)[0]
    shown = json.loads(cli("show", doc["id"], "--json").output)
    assert doc["title"] == "Militia chief vows to shut Port Azrel over customs treaty"
    assert (doc["published"], doc["published_precision"]) == ("2024-03-12", "day")
    assert doc["outlet"] == "Harbour Wire"
    assert doc["relayed_from"] == "The Coastal Ledger"
    assert shown["text"].startswith("Militia chief vows to shut Port Azrel")
    assert "Subscribe" not in shown["text"] and "Back to top" not in shown["text"]
    assert "no ship will leave Port Azrel" in shown["text"]


def test_rss_feed_entries_become_documents(cli):
    with resources.as_file(CORPUS / "fictional-talmora-daily-monitor.rss") as feed:
        result = cli("run", str(feed))
    assert "2 read · 2 stored" in result.output
    docs = json.loads(cli("docs", "--json").output)
    assert {d["outlet"] for d in docs} == {"Talmora Daily Monitor"}
    assert {d["published"] for d in docs} == {"2024-03-14", "2024-03-15"}
    assert docs[0]["sources"] == ["https://monitor.example/2024/03/14/qirat-convoy"]


def test_jsonl_field_mapping(cli, tmp_path):
    export = tmp_path / "scrape.jsonl"
    record = {"headline": "Port reopens", "maintext": "The port reopened on Monday after a week of strikes, the harbour authority said.",
              "pub": "2024-05-06", "site": "Example Times", "language": "en"}
    export.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert cli("run", str(export), "--field", "date=pub").exit_code == 0
    doc = json.loads(cli("docs", "--json").output)[0]
    assert (doc["title"], doc["outlet"], doc["published"]) == ("Port reopens", "Example Times", "2024-05-06")
    assert doc["sources"] == [f"{export}#L1"]


def test_unknown_field_mapping_key_is_refused(cli, tmp_path):
    result = cli("ingest", str(tmp_path), "--field", "body=text")
    assert result.exit_code != 0
    assert "--field" in result.output


def test_stdin(cli):
    text = "Talks collapse in the capital\n\nThe two delegations left the talks on Thursday without an agreement, mediators said."
    result = cli("run", "-", input=text)
    assert result.exit_code == 0, result.output
    doc = json.loads(cli("docs", "--json").output)[0]
    assert doc["sources"] == ["<stdin>"] and doc["title"] == "Talks collapse in the capital" and doc["lang"] == "en"


def test_folder_is_read_recursively_skipping_hidden(cli, tmp_path):
    (tmp_path / "in" / "deep" / "deeper").mkdir(parents=True)
    (tmp_path / "in" / ".cache").mkdir()
    (tmp_path / "in" / "deep" / "deeper" / "a.txt").write_text("Strike on convoy\n\nA convoy was hit on the road north of the city on Monday.")
    (tmp_path / "in" / ".cache" / "b.txt").write_text("Should not be read at all, it is hidden.")
    result = cli("ingest", str(tmp_path / "in"))
    assert "1 read · 1 stored" in result.output


def test_demo_corpus_has_every_language_and_reader(cli):
    result = cli("demo")
    assert result.exit_code == 0, result.output
    docs = json.loads(cli("docs", "--json").output)
    assert {d["lang"] for d in docs} >= {"en", "fr", "ar"}
    readers = {Path(s.split("#")[0]).suffix for d in docs for s in d["sources"] if not s.startswith("http")}
    assert readers >= {".txt", ".html", ".jsonl"}
    arabic = next(d for d in docs if d["lang"] == "ar")
    assert arabic["relayed_from"] == "إذاعة ميريديان" and arabic["published"] == "2024-03-13"


@pytest.mark.parametrize("name", ["fictional-en-coastal-ledger.txt", "fictional-fr-courrier-du-littoral.txt"])
def test_demo_footers_are_cleaned(cli, name):
    with resources.as_file(CORPUS / name) as article:
        cli("run", str(article))
    doc = json.loads(cli("docs", "--json").output)[0]
    text = json.loads(cli("show", doc["id"], "--json").output)["text"]
    assert "réservés" not in text and "All rights reserved" not in text
    assert "Share this article" not in text and "Lire aussi" not in text
    assert doc["published_precision"] == "day"


def test_pretty_printed_json_object_is_one_record(cli, tmp_path):
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"title": "Bridge reopens", "text": "The bridge reopened on Friday after repairs, engineers said."},
                               indent=2), encoding="utf-8")
    result = cli("ingest", str(path))
    assert "1 read · 1 stored" in result.output and result.exit_code == 0
