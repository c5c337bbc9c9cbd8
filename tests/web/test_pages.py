"""The web app over real stores, through HTTP: every page of the demo knowledge base, the
seeds as an analyst reads them, the JSON API beside each page, and the failure states (an
empty store, an unknown record, hostile article text, edits refused)."""
from __future__ import annotations

import re
from html import unescape

import pytest

from crosswire.store import open_store

DEMO_THREAT = "Sahil Brigades leader threatens to close Port Azrel"


def _ids(html: str, kind: str) -> list[str]:
    return re.findall(rf'href="/{kind}/([^"/?#]+)"', html)


def test_every_page_of_the_demo_answers_with_its_records(demo_db, web):
    client = web(demo_db)
    overview = client.get("/").text
    assert re.search(r"<b>8</b> documents", overview)
    found = client.get("/search", params={"q": "Azrel"}).text
    assert "<mark>Azrel</mark>" in found or "<mark>azrel</mark>" in found.lower()
    french = client.get("/search", params={"q": "Azrel", "lang": "fr"}).text
    assert "Brigades du Sahil" in unescape(french) and DEMO_THREAT not in unescape(french)
    threat = next(d for d in _ids(client.get("/search").text, "documents")
                  if DEMO_THREAT in unescape(client.get(f"/documents/{d}").text))
    document = client.get(f"/documents/{threat}").text
    assert 'class="entity organization"' in document and 'href="/actors/local:' in document
    assert "/compare?a=" in document and "translation" in document
    arabic = client.get("/api/search", params={"lang": "ar"}).json()
    assert arabic["total"] == 1
    assert 'dir="rtl"' in client.get(f"/documents/{arabic['results'][0]['id']}").text
    stories = client.get("/stories").text
    story = next(s for s in _ids(stories, "stories") if DEMO_THREAT in unescape(client.get(f"/stories/{s}").text))
    story_page = unescape(client.get(f"/stories/{story}").text)
    assert "ar 1" in story_page and "fr 1" in story_page and story_page.count('href="/compare?') >= 3
    topic = _ids(client.get("/topics").text, "topics")[0]
    assert "Shared words" in client.get(f"/topics/{topic}").text
    actors = client.get("/actors").text
    assert "Sahil Brigades" in actors
    for path in ("/quotes", "/events", "/network", "/api/docs"):
        assert client.get(path).status_code == 200, path


def test_each_page_is_also_json_described_by_openapi(demo_db, web):
    client = web(demo_db)
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/search", "/api/documents/{ref}", "/api/compare", "/api/stories/{ref}", "/api/actors/{ref}",
                 "/api/quotes/{ref}", "/api/events", "/api/events/{ref}", "/api/network", "/api/network/edge",
                 "/api/actors/{ref}/aliases", "/api/quotes/{ref}/speaker", "/api/events/{ref}/type",
                 "/api/stories/{ref}/framing", "/api/actors/{ref}/framing"):
        assert path in schema["paths"], path
    search = client.get("/api/search", params={"q": "Azrel"}).json()
    assert search["total"] == len(search["results"]) >= 4
    assert all(any(p["match"] for p in r["snippet"]) for r in search["results"])
    page = unescape(client.get("/search", params={"q": "Azrel"}).text)
    assert f"{search['total']} documents" in page
    network = client.get("/api/network").json()
    assert network["nodes"] and network["edges"]
    edge = network["edges"][0]
    evidence = client.get("/api/network/edge", params={"a": edge["source"], "b": edge["target"],
                                                        "relation": edge["relation"]}).json()
    assert evidence["count"] == edge["count"] and evidence["evidence"][0]["words"]


def test_seeds_story_compare_actor_and_map(seeds_db, web):
    client = web(seeds_db)
    with open_store(seeds_db, readonly=True) as store:
        ids = {_seed_key(r["source"]): r["doc_id"] for r in store.conn.execute("SELECT source, doc_id FROM sources")}
    story = client.get(f"/api/documents/{ids['000']}").json()["story"]
    members = {m["id"] for m in client.get(f"/api/stories/{story}").json()["members"]}
    assert {ids["000"], ids["001"], ids["002"]} <= members
    comparison = client.get("/api/compare", params={"a": ids["000"], "b": ids["001"]}).json()
    assert comparison["kind"] == "translation" and sum(r["aligned"] for r in comparison["rows"]) >= 5
    assert "only here" in client.get("/compare", params={"a": ids["000"], "b": ids["002"]}).text
    actor = client.get("/api/actors/akram-al-kaabi").json()
    assert {"fr", "en"} <= set(actor["names_by_lang"]) and actor["quotes"]
    assert any("Ka’abi" in n["text"] or "Ka'abi" in n["text"] for n in actor["names_by_lang"]["en"])
    page = unescape(client.get("/actors/akram-al-kaabi").text)
    assert "Cheikh Akram Al-Kaabi" in page and "<svg class=\"network\"" in page
    located = " · ".join(p["name"] or "" for p in client.get("/api/events").json()["map"]["points"])
    assert "Ain al-As" in located and "Harir" in located and "al-Nasr" in located
    events_page = client.get("/events").text
    assert '<path class="country"' in events_page and 'class="place"' in events_page


def _seed_key(source: str) -> str:
    """A seed file's key ("000") from its stored source path."""
    return source.rsplit("/", 1)[-1][:3]


@pytest.mark.parametrize("path", ["/", "/search", "/stories", "/topics", "/actors", "/quotes", "/events", "/network",
                                  "/search?q=anything"])
def test_an_empty_store_shows_empty_states_not_errors(db, web, path):
    open_store(db).close()
    response = web(db).get(path)
    assert response.status_code == 200 and 'class="empty"' in response.text


def test_unknown_records_are_clear_404s(demo_db, web):
    client = web(demo_db)
    page = client.get("/documents/ffffffffffff")
    assert page.status_code == 404 and "no document with id" in page.text
    assert client.get("/api/events/zzzz").json()["error"].startswith("zzzz")
    assert client.get("/actors/nobody-at-all").status_code == 404


HOSTILE_TITLE = '<script>alert("title")</script>'
HOSTILE_TEXT = '"><img src=x onerror=alert(1)> The Sahil Brigades said on Monday they <b>will</b> hold the port.'


def test_article_text_is_never_markup(cli, db, web, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.html").write_text(
        f"<html><head><title>{HOSTILE_TITLE.replace('<', '&lt;')}</title></head><body><article><h1>{HOSTILE_TITLE.replace('<', '&lt;')}</h1>"
        f"<p>{HOSTILE_TEXT.replace('<', '&lt;')}</p><p>Fighters of the Sahil Brigades attacked a checkpoint near the port"
        " on Monday, officials said, and two guards were killed in the attack.</p></article></body></html>",
        encoding="utf-8")
    assert cli("run", str(folder)).exit_code == 0
    client = web(db)
    doc = client.get("/api/search", params={"q": "checkpoint"}).json()["results"][0]["id"]
    for path in (f"/documents/{doc}", "/search?q=checkpoint", "/search", "/stories", "/events", "/actors", "/quotes",
                 f"/documents/{doc}/sources"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>will</b>" not in html, path
    assert "&lt;script&gt;alert" in client.get(f"/documents/{doc}").text


def test_edits_are_refused_read_only_and_from_other_sites(demo_db, web):
    read_only = web(demo_db, editable=False)
    actor = _ids(read_only.get("/actors").text, "actors")[0]
    assert 'action="/actors/' not in read_only.get(f"/actors/{actor}").text
    refused = read_only.post(f"/api/actors/{actor}/aliases", data={"alias": "Someone Else"})
    assert refused.status_code == 403
    client = web(demo_db)
    forged = client.post(f"/api/actors/{actor}/aliases", data={"alias": "X"}, headers={"origin": "http://elsewhere.example"})
    assert forged.status_code == 403
    done = client.post(f"/actors/{actor}/aliases", data={"alias": "Someone Else", "lang": "en"}, follow_redirects=False)
    assert done.status_code == 303
    assert "Someone Else" in client.get(done.headers["location"]).text
    bad = client.post(f"/api/actors/{actor}/merge", data={"other": actor})
    assert bad.status_code == 400 and "itself" in bad.json()["error"]


def test_serve_without_a_store_says_how_to_build_one(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("serve")
    assert result.exit_code == 1 and "crosswire demo" in result.output


def test_every_relation_is_found_whichever_others_are_asked_for(demo_db, web):
    """Asking for all relations gives each relation's edges as asking for it alone does."""
    client = web(demo_db)
    everything = client.get("/api/network").json()["edges"]
    for relation in ("co-mention", "meeting", "attack", "threat", "cooperation", "quote"):
        alone = client.get("/api/network", params={"relation": relation}).json()["edges"]
        assert alone or relation not in ("co-mention", "quote"), relation
        assert {(e["source"], e["target"], e["count"]) for e in everything if e["relation"] == relation} \
            == {(e["source"], e["target"], e["count"]) for e in alone}, relation


def test_seeds_story_framing_side_by_side_and_an_actors_labels(seeds_db, web):
    """The story's outlets in columns, each item opening its document: the research centre
    (000) marks "résistance" as so-called and calls the groups "milices iraniennes"; the
    partisan outlet (002) says "Zionist regime" in its own voice."""
    client = web(seeds_db)
    with open_store(seeds_db, readonly=True) as store:
        ids = {_seed_key(r["source"]): r["doc_id"] for r in store.conn.execute("SELECT source, doc_id FROM sources")}
    story = client.get(f"/api/documents/{ids['000']}").json()["story"]
    assert f'href="/stories/{story}/framing"' in client.get(f"/stories/{story}").text
    page = unescape(client.get(f"/stories/{story}/framing").text)
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    columns = re.findall(r'<th><a href="/documents/([^"]+)"', header)
    assert {ids["000"], ids["001"], ids["002"]} <= set(columns)

    def cell(row: str, key: str) -> str:
        cells = re.findall(r"<td>(.*?)</td>", re.search(rf"<tr><th>{row}</th>(.*?)</tr>", page, re.S).group(1), re.S)
        return cells[columns.index(ids[key])]

    assert "so called" in cell("Distance markers", "000") and "→ résistance" in cell("Distance markers", "000")
    assert "“milices iraniennes”" in cell("Labels", "000")
    assert "“zionist regime”" in cell("Loaded terms", "002").casefold() and "against" in cell("Loaded terms", "002")
    assert "zionist regime" not in cell("Loaded terms", "000").casefold()
    assert "Security and defense" in cell("Frames", "001")
    assert f'href="/documents/{ids["002"]}"' in cell("Loaded terms", "002")
    api = client.get(f"/api/stories/{story}/framing").json()
    doc, label = next((d, x) for d in api["documents"] for x in d["labels"] if x["entity_id"] and x["voice"] == "outlet")
    over_time = unescape(client.get(f"/actors/{label['entity_id']}/framing").text)
    assert f"“{label['text']}”" in over_time and f'href="/documents/{doc["doc_id"]}"' in over_time
