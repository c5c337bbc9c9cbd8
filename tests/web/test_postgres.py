"""The web app over a PostgreSQL store (issue 9's team server): every page an analyst can
reach from the overview answers, and an edit lands, as on SQLite."""
from __future__ import annotations

import re
from collections import deque
from html import unescape
from pathlib import Path

from crosswire.store import open_store
from crosswire.store.copy import copy_store

# Pages visited from the overview by following the app's links.
PAGES_VISITED = 80


def _kind(path: str) -> str:
    return path.split("/")[1].split("?")[0]


def _crawl(client, limit: int) -> dict[str, int]:
    """The status of each page reached from "/" by following the app's own links, a link
    to a kind of page not seen yet taking its turn first (so every kind is reached)."""
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        kinds = {_kind(p) for p in seen}
        for link in map(unescape, re.findall(r'href="(/[^"#]*)"', response.text)):
            if link.startswith(("/static/", "/api/docs")) or link in seen:
                continue
            (queue.append if _kind(link) in kinds else queue.appendleft)(link)
    return seen


def test_every_reachable_page_answers_on_postgresql(demo_master: Path, postgres, web):
    with open_store(demo_master, readonly=True) as source, open_store(postgres) as target:
        copy_store(source, target)
    client = web(postgres)
    statuses = _crawl(client, PAGES_VISITED)
    failed = {path: status for path, status in statuses.items() if status != 200}
    assert not failed
    kinds = {_kind(path) for path in statuses}
    assert {"documents", "stories", "topics", "actors", "quotes", "events", "network", "compare"} <= kinds
    actor = next(p for p in statuses if p.startswith("/actors/local:"))
    ref = actor.split("/")[2]
    added = client.post(f"/api/actors/{ref}/aliases", data={"alias": "Les Brigades", "lang": "fr"},
                        headers={"origin": str(client.base_url)})
    assert added.status_code == 200, added.text
    assert "Les Brigades" in unescape(client.get(actor).text)
