"""Each export format written from the seeds' knowledge base and read back with its own
ecosystem's library: Parquet with pyarrow, STIX with `stix2.parse` and `stix2-validator`,
GEXF and GraphML with networkx, Neo4j's import header grammar, flat CSV with csv; the
seeds' records must be there (al-Kaabi and his spellings, the claimed strikes on Ain
al-Assad and Harir, the Jurf al-Nasr strike, the story of 000, 001 and 002)."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
import stix2
from stix2validator import validate_file

from crosswire.store import open_store

KAABI = "akram-al-kaabi"


def _export(cli, out: Path, fmt: str, *filters: str) -> Path:
    result = cli("export", "--format", fmt, "--out", str(out), *filters)
    assert result.exit_code == 0, result.output
    return out


def _seed_ids(db: Path) -> dict[str, str]:
    """Document id of each seed by its file's key ("000")."""
    with open_store(db, readonly=True) as store:
        return {r["source"].rsplit("/", 1)[-1][:3]: r["doc_id"] for r in store.conn.execute("SELECT source, doc_id FROM sources")}


def test_parquet_holds_typed_tables_pyarrow_reads(seeds_db, cli, tmp_path):
    out = _export(cli, tmp_path / "pq", "parquet")
    ids = _seed_ids(seeds_db)
    entities = pq.read_table(out / "entities.parquet").to_pylist()
    kaabi = next(e for e in entities if e["id"] == KAABI)
    assert "أكرم الكعبي" in kaabi["aliases"] and any("Ka’abi" in a or "Ka'abi" in a for a in kaabi["aliases"])
    events = pq.read_table(out / "events.parquet")
    assert str(events.schema.field("evidence").type).startswith("list<")          # a list of structs, not JSON text
    places = {(e["location"] or {}).get("name"): e for e in events.to_pylist()}
    assert places["Ain al-Assad"]["modality"] == "claimed" and places["Harir"]["modality"] == "claimed"
    assert any("Nasr" in (name or "") for name in places)
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    assert any({ids["000"], ids["001"], ids["002"]} <= set(s["doc_ids"]) for s in stories)
    documents = {d["id"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    mentions = pq.read_table(out / "mentions.parquet").to_pylist()
    assert mentions and all(m["doc_id"] in documents and m["end"] > m["start"] for m in mentions)
    assert "## events.parquet" in (out / "README.md").read_text()


def test_stix_bundle_validates_and_is_the_same_twice(seeds_db, cli, tmp_path):
    first = _export(cli, tmp_path / "a", "stix") / "crosswire.stix.json"
    second = _export(cli, tmp_path / "b", "stix") / "crosswire.stix.json"
    assert first.read_bytes() == second.read_bytes()                              # ids and times come from the records
    assert validate_file(str(first)).is_valid
    objects = stix2.parse(first.read_text(), allow_custom=True).objects
    kaabi = next(o for o in objects if o.type in ("threat-actor", "identity") and o.name == "Akram al-Kaabi")
    assert "أكرم الكعبي" in (kaabi.get("aliases") or kaabi.get("x_opencti_aliases"))
    claimed = [o for o in objects if o.type == "report" and "modality:claimed" in (o.get("labels") or [])]
    assert any("Ain al-Assad" in o.name for o in claimed) and any("Harir" in o.name for o in claimed)
    ids = _seed_ids(seeds_db)
    for o in claimed:
        assert all(re.fullmatch(r"[0-9a-f]{16}:\d+-\d+", ref["external_id"]) for ref in o.external_references)
    notes = [o for o in objects if o.type == "note"]
    assert any(ids["000"] in ref["external_id"] for note in notes for ref in note.external_references)


def test_network_opens_in_networkx_with_time_spans(seeds_db, cli, tmp_path):
    out = _export(cli, tmp_path / "g", "gexf")
    _export(cli, out, "graphml")
    gexf, graphml = nx.read_gexf(out / "network.gexf"), nx.read_graphml(out / "network.graphml")
    assert gexf.number_of_edges() == graphml.number_of_edges() > 0
    assert 'mode="dynamic"' in (out / "network.gexf").read_text() and "al-Ka" in gexf.nodes[KAABI]["aliases"]
    assert gexf.nodes[KAABI]["kind"] == "person" and gexf.nodes[KAABI]["mentions"] > 5
    relations = {d["relation"] for *_, d in gexf.edges(data=True)}
    assert {"co-mention", "meeting", "quote"} <= relations
    for _, _, data in graphml.edges(data=True):
        assert data["count"] >= 1 and re.fullmatch(r"([0-9a-f]{16}:\d+-\d+ ?)+", data["evidence"])
    assert any("start" in d for *_, d in gexf.edges(data=True))


# `neo4j-admin database import` header fields: a property with an optional type, or an id,
# label or type column.
_HEADER = re.compile(r"(\w+(:(int|long|float|double|boolean|string|date)(\[\])?)?|\w*:ID\(\w+\)|:START_ID\(\w+\)"
                     r"|:END_ID\(\w+\)|:LABEL|:TYPE)")


def test_neo4j_files_follow_the_import_grammar_and_hold_together(seeds_db, cli, tmp_path):
    out = _export(cli, tmp_path / "neo", "neo4j")
    nodes: dict[str, set[str]] = {}
    relationships = []
    for path in sorted(out.glob("*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        header = rows[0]
        assert all(_HEADER.fullmatch(h) for h in header), (path.name, header)
        if id_column := next((h for h in header if ":ID(" in h), None):
            group = id_column.split("(")[1][:-1]
            nodes.setdefault(group, set()).update(r[header.index(id_column)] for r in rows[1:])
        else:
            relationships.append((path.name, header, rows[1:]))
    assert KAABI in nodes["Actor"] and len(nodes["Document"]) == 5
    for name, header, rows in relationships:
        start, end = (next(h for h in header if h.startswith(k)) for k in (":START_ID", ":END_ID"))
        for row in rows:
            assert row[header.index(start)] in nodes[start.split("(")[1][:-1]], (name, row)
            assert row[header.index(end)] in nodes[end.split("(")[1][:-1]], (name, row)
    said = next(rows for name, _, rows in relationships if name == "said.csv")
    assert any(r[0] == KAABI for r in said)


def test_flat_csv_keeps_one_value_per_cell(seeds_db, cli, tmp_path):
    out = _export(cli, tmp_path / "csv", "csv")
    entities = list(csv.DictReader((out / "entities.csv").open(encoding="utf-8")))
    kaabi = next(e for e in entities if e["id"] == KAABI)
    assert "أكرم الكعبي" in kaabi["aliases"].split("; ")
    events = list(csv.DictReader((out / "events.csv").open(encoding="utf-8")))
    harir = next(e for e in events if e["location_name"] == "Harir")
    assert harir["modality"] == "claimed" and float(harir["location_lat"]) > 30
    assert all(not cell.startswith(("=", "+", "@")) for row in events for cell in row.values())


def test_filters_keep_the_documents_they_select(seeds_db, cli, tmp_path):
    ids = _seed_ids(seeds_db)
    everything = _export(cli, tmp_path / "all", "jsonl")
    story = next(s for s in map(json.loads, (everything / "stories.jsonl").read_text().splitlines()) if ids["000"] in s["doc_ids"])
    naming_kaabi = {m["doc_id"] for m in map(json.loads, (everything / "mentions.jsonl").read_text().splitlines())
                    if m["entity_id"] == KAABI}
    out = _export(cli, tmp_path / "story", "jsonl", "--story", story["id"])
    assert {json.loads(line)["id"] for line in (out / "documents.jsonl").read_text().splitlines()} == set(story["doc_ids"])
    links = [json.loads(line) for line in (out / "links.jsonl").read_text().splitlines()]
    assert links and all(link["a"] in story["doc_ids"] and link["b"] in story["doc_ids"] for link in links)
    out = _export(cli, tmp_path / "fr", "jsonl", "--lang", "fr")
    french = {d["id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert french and all(d["lang"] == "fr" for d in french.values())
    for kind in ("mentions", "quotes", "events"):
        assert all(json.loads(line)["doc_id"] in french for line in (out / f"{kind}.jsonl").read_text().splitlines())
    out = _export(cli, tmp_path / "kaabi", "parquet", "--actor", "Akram al-Kaabi")
    assert {d["id"] for d in pq.read_table(out / "documents.parquet").to_pylist()} == naming_kaabi
    refused = cli("export", "--format", "stix", "--out", str(tmp_path / "x"), "--actor", "Nobody Anyone Knows")
    assert refused.exit_code == 1 and "no actor" in refused.output


def test_ftm_entities_load_in_followthemoney_and_refer_to_each_other(seeds_db, cli, tmp_path):
    followthemoney = pytest.importorskip("followthemoney", reason="the optional ftm extra (requirements-ftm.lock)")
    first = _export(cli, tmp_path / "a", "ftm") / "crosswire.ftm.json"
    second = _export(cli, tmp_path / "b", "ftm") / "crosswire.ftm.json"
    assert first.read_bytes() == second.read_bytes()                              # ids come from crosswire's
    entities = [followthemoney.model.get_proxy(json.loads(line), cleaned=False) for line in first.open(encoding="utf-8")]
    by_id = {e.id: e for e in entities}
    assert len(by_id) == len(entities)
    for entity in entities:                                                       # no dangling reference
        for prop, value in entity.itervalues():
            if prop.type == followthemoney.types.registry.entity:
                assert value in by_id, (entity.schema.name, prop.name, value)
    kaabi = by_id[f"crosswire-entity-{KAABI}"]
    assert kaabi.schema.name == "Person" and "أكرم الكعبي" in kaabi.get("alias")
    articles = {e.id for e in entities if e.schema.name == "Article"}
    assert len(articles) == 5 and {lang for a in articles for lang in by_id[a].get("language")} == {"eng", "fra"}
    assert any(m.get("resolved") == [kaabi.id] and m.get("document")[0] in articles
               for m in entities if m.schema.name == "Mention")
    quoted = [d for d in entities if d.schema.name == "Documentation" and d.first("role").startswith("quoted")]
    assert any(d.get("entity") == [kaabi.id] for d in quoted)
    assert all(re.fullmatch(r"[0-9a-f]{16}:\d+-\d+", d.first("description")) and d.get("summary") for d in quoted)
    claimed = {e.first("location") for e in entities if e.schema.name == "Event" and "claimed" in e.get("keywords")}
    assert any("Ain al-Assad" in (place or "") for place in claimed) and any("Harir" in (place or "") for place in claimed)
    assert any(e.schema.name == "Membership" for e in entities)
