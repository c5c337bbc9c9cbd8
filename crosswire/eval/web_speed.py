"""`crosswire eval web-speed`: how long each page of the web app takes over HTTP with 10,000
documents stored.

The store is the seed articles and the bundled demo corpus run through every stage, then
copied, records and all, until it holds the size asked for: each copy of a document gets
its own id, a date moved on by its copy number (so the timeline spans years), and its own
copies of the document's mentions, quotes, events, links, story and topic (so stories,
topics, quotes and events grow with the store; actors are shared, as in a real archive,
and so gather every copy's mentions). Analysing 10,000 documents would take hours and
measure the pipeline, not the pages. Each page is requested once to warm up, then timed
REPEATS times; the figure is the median, with the slowest beside it."""
from __future__ import annotations

import hashlib
import statistics
import tempfile
import time
from datetime import date, timedelta
from graphlib import TopologicalSorter
from importlib import resources
from pathlib import Path
from typing import Any

from crosswire.engine.local import run_stages
from crosswire.eval.registry import EvalResult, evaluator
from crosswire.ingest.pipeline import ingest
from crosswire.store import open_store
from crosswire.store.queries import insert_sql
from crosswire.store.sql import SQLStore

SIZE = 10_000
REPEATS = 5
TARGET_MS = 300.0
# Columns that hold a document id, and columns that hold the id of a record made from one
# document (a copy gets its own, `_copy_id`).
_DOC_COLUMNS = {"doc_id", "a", "b"}
_RECORD_COLUMNS = {"quotes": {"id", "group_id"}, "events": {"id", "group_id"}, "event_evidence": {"event_id"},
                   "story_docs": {"story_id"}, "story_merges": {"merged", "into_story"}, "topic_docs": {"topic_id"}}
# Tables not copied: documents and stories are copied by hand, sources keep one path per
# document, and the rest are per-corpus counts or the KB.
_SKIP = {"documents", "stories", "sources", "docs_fts"}


def _copy_id(record_id: str, n: int) -> str:
    """Copy `n` of an id, shaped like it ("story-" and 12 hex digits stay so), never a prefix
    of another id (pages find records by unambiguous prefix)."""
    head, sep, tail = record_id.rpartition("-")
    return head + sep + hashlib.sha1(f"{record_id}:{n}".encode()).hexdigest()[:len(tail)]


def _moved(published: str | None, n: int) -> str | None:
    if not published or len(published) < 10:
        return published
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=n)).isoformat() + published[10:]
    except ValueError:
        return published


def fill(store: SQLStore, size: int) -> int:
    """Copy the stored documents, with every record made from them, until `size` are stored."""
    base = [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY rowid")]
    marks = ",".join("?" * len(base))
    references = store.references()
    order = TopologicalSorter({t: references.get(t, set()) for t in store.tables()}).static_order()
    everything = store.tables()
    tables = {t: everything[t] for t in order if t not in _SKIP and _DOC_COLUMNS & set(everything[t])}  # parents first
    rows = {t: [dict(r) for r in store.conn.execute(
        f"SELECT * FROM {t} WHERE {' OR '.join(f'{c} IN ({marks})' for c in _DOC_COLUMNS & set(cols))}",
        base * len(_DOC_COLUMNS & set(cols)))] for t, cols in tables.items()}
    documents = [dict(r) for r in store.conn.execute(f"SELECT * FROM documents WHERE id IN ({marks})", base)]
    stories = [dict(r) for r in store.conn.execute("SELECT * FROM stories")]
    copies = 0
    for n in range(1, -(-size // len(base))):
        if len(base) * (n + 1) > size:
            break
        new = {d: _copy_id(d, n) for d in base}
        with store.transaction() as conn:
            for d in documents:
                row = {**d, "id": new[d["id"]], "published": _moved(d["published"], n), "text_hash": new[d["id"]]}
                conn.execute(f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                             list(row.values()))
                conn.execute("INSERT INTO docs_fts (rowid, title, text) SELECT n.rowid, f.title, f.text FROM documents n,"
                             " documents o JOIN docs_fts f ON f.rowid = o.rowid WHERE n.id = ? AND o.id = ?",
                             (new[d["id"]], d["id"]))
            conn.executemany("INSERT INTO stories (id, title) VALUES (?, ?)", [(_copy_id(s["id"], n), s["title"]) for s in stories])
            for table, found in rows.items():
                if not found:
                    continue
                renamed = _RECORD_COLUMNS.get(table, set())
                copied = [{k: (new.get(v, v) if k in _DOC_COLUMNS else _copy_id(v, n) if k in renamed and v else v)
                           for k, v in r.items()} for r in found]
                columns = list(copied[0])
                conn.executemany(insert_sql(table, columns), [list(r.values()) for r in copied])
        copies = n
    return len(base) * (copies + 1)


def sized_store(db: Path, data: Path, size: int) -> tuple[int, float]:
    """`db` built from `data` and the demo corpus, analysed, then filled to `size` documents
    (`fill`); how many it holds and the seconds filling took."""
    with resources.as_file(resources.files("crosswire.demo") / "corpus") as demo, open_store(db) as store:
        ingest(store, [str(data), str(demo)])
        run_stages(store)
        started = time.perf_counter()
        stored = fill(store, size)
        return stored, time.perf_counter() - started


def _pages(store: SQLStore) -> list[tuple[str, str]]:
    """One address of each page, on records that exist (the busiest where it matters)."""
    def one(sql: str) -> Any:
        return store.conn.execute(sql).fetchone()[0]
    doc = one("SELECT a FROM links WHERE kind = 'translation' ORDER BY a LIMIT 1")
    other = one(f"SELECT CASE WHEN a = '{doc}' THEN b ELSE a END FROM links WHERE kind = 'translation'"
                f" AND (a = '{doc}' OR b = '{doc}') LIMIT 1") if doc else None
    actor = one("SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1")
    word = one("SELECT lower(substr(title, 1, instr(title || ' ', ' ') - 1)) FROM documents WHERE lang = 'en' LIMIT 1")
    return [("overview", "/"), ("search: words", f"/search?q={word}"), ("search: words and filters",
            f"/search?q={word}&lang=en&since=2020-01-01"), ("search: filters only", "/search?lang=fr"),
            ("document", f"/documents/{doc}"), ("compare", f"/compare?a={doc}&b={other}"),
            ("stories", "/stories"), ("story", f"/stories/{one('SELECT story_id FROM story_docs GROUP BY story_id ORDER BY count(*) DESC LIMIT 1')}"),
            ("topics", "/topics"), ("topic", f"/topics/{one('SELECT topic_id FROM topic_docs LIMIT 1')}"),
            ("actors", "/actors"), ("actor (most mentioned)", f"/actors/{actor}"),
            ("quotes", "/quotes"), ("quote", f"/quotes/{one('SELECT id FROM quotes LIMIT 1')}"),
            ("events (table, timeline, map)", "/events"), ("event", f"/events/{one('SELECT id FROM events LIMIT 1')}"),
            ("network", "/network")]


@evaluator("web-speed", folder="seeds")
def evaluate_web_speed(data: Path, size: int | None = None) -> EvalResult:
    """Milliseconds per page of `crosswire serve` over HTTP, with 10,000 documents stored."""
    import httpx  # the web app's stack is loaded only for this benchmark

    from crosswire.web.server import running

    size = size or SIZE
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        stored, filled = sized_store(db, data, size)
        with open_store(db, readonly=True) as store:
            pages = _pages(store)
        rows, medians = [], []
        with running(str(db), editable=False) as base, httpx.Client(base_url=base, timeout=120) as client:
            for name, path in pages:
                first = client.get(path)
                if first.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {first.status_code}")
                times = []
                for _ in range(REPEATS):
                    began = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append(1000 * (time.perf_counter() - began))
                medians.append(statistics.median(times))
                rows.append([name, path.split("?")[0], round(statistics.median(times), 1), round(max(times), 1),
                             round(len(first.content) / 1024, 1)])
    slowest = max(medians)
    return EvalResult("web-speed", {"documents_stored": stored, "pages": len(rows),
                                    "pages_under_300ms": sum(m < TARGET_MS for m in medians),
                                    "slowest_page_ms": round(slowest, 1), "median_page_ms": round(statistics.median(medians), 1),
                                    "fill_seconds": round(filled, 1)},
                      ["page", "path", "median ms", "slowest ms", "KiB"], rows,
                      notes=[f"{REPEATS} timed requests per page after one warm-up, over HTTP on 127.0.0.1 (uvicorn, one"
                             " process), the store opened read-only as `crosswire serve` opens it.",
                             "The store: the seeds and the demo corpus analysed, then copied with their records to the"
                             " size (see crosswire/eval/web_speed.py); actors are shared by every copy, so the busiest"
                             " actor's page and the network read every copy's mentions."])
