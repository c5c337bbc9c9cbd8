"""Every kind of bad input gets a message naming the file and the reason, a non-zero exit,
and leaves documents stored earlier intact."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

GOOD = "Ceasefire talks resume in the capital\n\nNegotiators from both sides met on Monday for a new round of talks, officials said."


@pytest.fixture
def stored_first(cli, tmp_path: Path) -> Path:
    """One good article already in the database before the bad input arrives."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = cli("run", str(good))
    assert result.exit_code == 0, result.output
    return good


def count(cli) -> int:
    return len(json.loads(cli("docs", "--json").output))


def ingest_bad(cli, tmp_path: Path, name: str, data: bytes, *extra: str):
    path = tmp_path / name
    path.write_bytes(data)
    return path, cli("ingest", str(path), *extra)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t \n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("broken.txt", "Le secrétaire général a déclaré ".encode() + b"\xff\xfe" + " que la trêve tiendra.".encode(), "undecodable bytes"),
    ],
)
def test_unreadable_file(cli, tmp_path, stored_first, name, data, reason):
    path, result = ingest_bad(cli, tmp_path, name, data)
    assert result.exit_code == 1
    assert str(path) in result.output and reason in result.output
    assert count(cli) == 1


def test_legacy_encoding_is_detected_not_rejected(cli, tmp_path, stored_first):
    text = "Le secrétaire général du mouvement a affirmé qu'il n'y aura pas de trêve. Élèves et enseignants ont manifesté à Bagdad."
    path, result = ingest_bad(cli, tmp_path, "latin1.txt", text.encode("latin-1"))
    assert result.exit_code == 0, result.output
    docs = json.loads(cli("docs", "--json").output)
    shown = json.loads(cli("show", docs[-1]["id"], "--json").output)
    assert "secrétaire général" in shown["text"] and "Élèves" in shown["text"]


def test_file_over_size_limit(cli, tmp_path, stored_first):
    path, result = ingest_bad(cli, tmp_path, "big.txt", (GOOD + "\n") .encode() * 200, "--max-bytes", "1000")
    assert result.exit_code == 1
    assert str(path) in result.output and "over the" in result.output and "--max-bytes" in result.output
    assert count(cli) == 1


def test_malformed_jsonl_lines_are_reported_and_good_ones_kept(cli, tmp_path, stored_first):
    lines = [
        json.dumps({"title": "Drone strike on depot", "text": "A drone struck a fuel depot near the border on Sunday, the army said."}),
        '{"title": "broken", "text": "missing the closing brace"',
        json.dumps(["not", "an", "object"]),
        json.dumps({"headline": "No text field here"}),
        json.dumps({"title": "Aid convoy arrives", "text": "Twelve trucks of flour reached the town on Monday, the Red Crescent said."}),
    ]
    path, result = ingest_bad(cli, tmp_path, "export.jsonl", "\n".join(lines).encode())
    assert result.exit_code == 1
    assert f"{path}:2: malformed JSON" in result.output
    assert f"{path}:3: expected a JSON object" in result.output
    assert f"{path}:4: no article text" in result.output
    assert "2 read · 2 stored · 0 duplicates · 3 errors" in result.output
    assert count(cli) == 3


def test_missing_path(cli, tmp_path, stored_first):
    missing = tmp_path / "nowhere" / "article.txt"
    result = cli("ingest", str(missing), str(stored_first))
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.output
    assert "1 duplicates" in result.output
    assert count(cli) == 1


def test_locked_database(cli, db, tmp_path, stored_first):
    other = tmp_path / "other.txt"
    other.write_text("Protest in the port city\n\nThousands marched through the port city on Friday demanding jobs.", encoding="utf-8")
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("--busy-timeout", "0.2", "ingest", str(other))
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert str(db) in result.output and "locked by another process" in result.output
    assert count(cli) == 1


def test_read_only_database(cli, db, tmp_path, stored_first):
    other = tmp_path / "other.txt"
    other.write_text("Protest in the port city\n\nThousands marched through the port city on Friday demanding jobs.", encoding="utf-8")
    os.chmod(db, stat.S_IRUSR | stat.S_IRGRP)
    try:
        result = cli("ingest", str(other))
        listed = count(cli)
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 1
    assert str(db) in result.output and "read-only" in result.output
    assert listed == 1


def test_not_a_database(cli, db):
    db.write_bytes(b"this is not sqlite at all, just some text that happens to be here" * 10)
    result = cli("docs")
    assert result.exit_code == 1
    assert str(db) in result.output and "not a usable crosswire database" in result.output
