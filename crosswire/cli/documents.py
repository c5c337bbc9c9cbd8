"""Commands on documents: ingest, analyze, read, search, compare, stories, export, demo, eval."""
from __future__ import annotations

import shlex
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from crosswire import api
from crosswire.cli.common import (
    DEMO_DB,
    JsonOpt,
    State,
    _progress,
    app,
    bold,
    db_exists,
    emit_json,
    err,
    fail,
    open_db,
    out,
    reading,
    styled,
)
from crosswire.documents.storage import fields_of, paragraphs_of, raw_inputs_of
from crosswire.engine.local import check_engine, default_workers
from crosswire.errors import CrosswireError
from crosswire.export import Selection
from crosswire.links.storage import links_of
from crosswire.settings import DEFAULT_MAX_BYTES, IngestOptions
from crosswire.store.handlers import export_records
from crosswire.stories import storage as story_storage
from crosswire.topics import storage as topic_storage


def _options(fmt: str | None, max_bytes: int, field: list[str], outlet: str | None, follow_links: bool) -> IngestOptions:
    mapping = {}
    for item in field:
        key, _, name = item.partition("=")
        if key not in ("text", "title", "url", "date", "outlet", "lang") or not name:
            raise typer.BadParameter(f"{item!r}: expected KEY=NAME with KEY one of text,title,url,date,outlet,lang", param_hint="--field")
        mapping[key] = name
    return IngestOptions(max_bytes=max_bytes, jsonl_fields=mapping, outlet=outlet, format=fmt, follow_links=follow_links)


FormatOpt = typer.Option(None, "--format", help="Force a reader: txt, html, jsonl or feed [default: by extension/content]")
MaxBytesOpt = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Skip (with an error) inputs larger than this")
FieldOpt = typer.Option([], "--field", help="JSONL field mapping KEY=NAME, e.g. --field text=body (repeatable)")
OutletOpt = typer.Option(None, "--outlet", help="Outlet name for every article read")
WorkersOpt = typer.Option(None, "--workers", min=1,
                          help="Processes for the per-document stages (entities, events…) [default: every core]")
EngineOpt = typer.Option("local", "--engine", help="Where the per-document stages run: local (processes on this "
                         "machine) or ray (a Ray cluster; `pip install crosswire[ray]`)")
AddressOpt = typer.Option(None, "--address", help="The Ray cluster to join (e.g. ray://head:10001) [default: start one "
                          "here]; needs a postgresql:// store")
FollowLinksOpt = typer.Option(False, "--follow-links", help="Follow symbolic links in folders even where they lead outside")


def _ingest(paths: list[str], options: IngestOptions) -> api.IngestReport:
    with open_db() as db, _progress() as progress:
        task = progress.add_task("reading", total=None)
        report = api.ingest(db, paths, options, on_input=lambda done, total: progress.update(task, completed=done, total=total))
    for skipped in report.skipped:
        err.print(styled(Text("skipped:", style="yellow"), f" {skipped}"), highlight=False)
    for problem in report.errors:
        err.print(styled(Text("error:", style="red"), f" {problem}"), highlight=False)
    return report


def _analyze(names: list[str] | None, force: bool, retry_failed: bool = False, workers: int | None = None,
             engine: str = "local", address: str | None = None) -> api.RunReport:
    with open_db() as db, _progress() as progress:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        report = api.analyze(db, names, force=force, retry_failed=retry_failed, progress=update,
                             workers=workers or default_workers(), engine=engine, address=address)
    for failure in report.failures:
        err.print(styled(Text("error:", style="red"), f" {failure}"), highlight=False)
    return report


def _finish(report: api.IngestReport, run: api.RunReport | None, as_json: bool) -> None:
    if as_json:
        emit_json({"read": report.read, "stored": report.stored, "duplicates": report.duplicates,
                   "errors": [str(e) for e in report.errors], "skipped": [str(s) for s in report.skipped],
                   "stages": run.processed if run else {}, "failed": [str(f) for f in run.failures] if run else []})
    else:
        out.print(report.summary() + (f" · stages: {run.summary()}" if run else ""), highlight=False)
    if report.errors or (run and run.failures):
        raise typer.Exit(1)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin"),
           fmt: str | None = FormatOpt, max_bytes: int = MaxBytesOpt, field: list[str] = FieldOpt,
           outlet: str | None = OutletOpt, follow_links: bool = FollowLinksOpt, as_json: bool = JsonOpt) -> None:
    """Read articles into the knowledge base (no analysis)."""
    try:
        _finish(_ingest(paths, _options(fmt, max_bytes, field, outlet, follow_links)), None, as_json)
    except CrosswireError as exc:
        fail(exc)


@app.command()
def run(paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin"),
        fmt: str | None = FormatOpt, max_bytes: int = MaxBytesOpt, field: list[str] = FieldOpt,
        outlet: str | None = OutletOpt, follow_links: bool = FollowLinksOpt, workers: int | None = WorkersOpt,
        engine: str = EngineOpt, address: str | None = AddressOpt, as_json: bool = JsonOpt) -> None:
    """Ingest articles, then run every analysis stage on what is new or changed."""
    try:
        check_engine(engine, address)
        report = _ingest(paths, _options(fmt, max_bytes, field, outlet, follow_links))
        _finish(report, _analyze(None, False, workers=workers, engine=engine, address=address), as_json)
    except CrosswireError as exc:
        fail(exc)


@app.command()
def analyze(stage: list[str] = typer.Option([], "--stage", help="Run only these stages (repeatable)"),
            force: bool = typer.Option(False, "--force", help="Recompute even documents already processed"),
            retry_failed: bool = typer.Option(False, "--retry-failed", help="Try again the documents a stage failed on"),
            workers: int | None = WorkersOpt, engine: str = EngineOpt, address: str | None = AddressOpt,
            as_json: bool = JsonOpt) -> None:
    """Run analysis stages over stored documents that need them."""
    try:
        report = _analyze(stage or None, force, retry_failed, workers, engine, address)
    except CrosswireError as exc:
        fail(exc)
    if as_json:
        emit_json({"stages": report.processed, "failed": [str(f) for f in report.failures]})
    else:
        out.print(report.summary())
    if report.failures:
        raise typer.Exit(1)


@app.command()
def stages(failed: bool = typer.Option(False, "--failed", help="List the documents each stage failed on, with the reason"),
           as_json: bool = JsonOpt) -> None:
    """Registered stages in run order: what they read and write, and, for the database,
    how many documents each holds current, stale (made by other code, language data or
    models), new and failed."""
    status = {}
    if db_exists():
        with reading() as db:
            status = api.stage_status(db)
            failures = db.failures() if failed else []
    if failed:
        if as_json:
            return emit_json(failures)
        table = Table("stage", "document", "title", "reason", "when")
        for f in failures:
            table.add_row(f["stage"], f["doc_id"][:12], f["title"] or "", f["reason"], f["at"])
        return out.print(table)
    listed = [{"name": s.name, "version": s.version, "fingerprint": api.stage_fingerprint(s.name).digest,
               "requires": list(s.requires), "assigns": list(s.assigns), "description": s.description,
               **status.get(s.name, {})} for s in api.stages()]
    if as_json:
        return emit_json(listed)
    counted = ("current", "stale", "new", "failed") if status else ()
    table = Table("stage", "version", *counted, "reads → writes (--json: what each does)")
    for s in listed:
        table.add_row(s["name"], str(s["version"]), *(str(s[k]) for k in counted),
                      f"{', '.join(s['requires'])} → {', '.join(s['assigns'])}")
    out.print(table)


def _doc_summary(doc: api.Document) -> dict[str, Any]:
    return {"id": doc.id, "lang": doc.lang, "published": doc.published, "published_precision": doc.published_precision,
            "outlet": doc.outlet, "relayed_from": doc.relayed_from, "title": doc.title, "sources": doc.sources}


@app.command()
def docs(lang: str | None = typer.Option(None, "--lang", help="Only this language"),
         limit: int = typer.Option(50, "--limit"), offset: int = typer.Option(0, "--offset"), as_json: bool = JsonOpt) -> None:
    """List stored documents."""
    with reading() as db:
        found = [_doc_summary(d) for d in db.list_documents(limit, offset, lang)]
        total = db.count_documents()
    if as_json:
        return emit_json(found)
    table = Table(title=f"{len(found)} of {total} documents")
    table.add_column("id", min_width=12, no_wrap=True)
    table.add_column("lang", min_width=4, no_wrap=True)
    table.add_column("published", min_width=10, no_wrap=True)
    for name in ("outlet", "relayed from"):
        table.add_column(name, min_width=8, max_width=22, no_wrap=True, overflow="ellipsis")
    table.add_column("title", max_width=max(16, out.width - 84), no_wrap=True, overflow="ellipsis")
    for d in found:
        table.add_row(d["id"][:12], d["lang"] or "?", d["published"] or "", d["outlet"] or "", d["relayed_from"] or "",
                      d["title"] or "")
    out.print(table)


@app.command()
def show(doc: str = typer.Argument(..., help="Document id or unambiguous prefix"), as_json: bool = JsonOpt,
         raw: bool = typer.Option(False, "--raw", help="Also print the raw input of each source")) -> None:
    """Show one document: clean text, metadata, paragraph languages and sources."""
    with reading() as db:
        document = db.get_document(doc)
        fields, paragraphs = fields_of(db, document.id), paragraphs_of(db, document.id)
        raws = raw_inputs_of(db, document.id) if raw else []
    if as_json:
        return emit_json({**asdict(document), "fields": fields, "paragraphs": paragraphs, "raw": raws})
    meta = Table.grid(padding=(0, 2))
    for key, value in _doc_summary(document).items():
        meta.add_row(bold(key), ", ".join(value) if isinstance(value, list) else str(value or "—"))
    for f in fields:
        meta.add_row(Text(f["key"], style="dim"), styled(f["value"], Text(f"  ({f['produced_by']})", style="dim")))
    out.print(meta)
    langs = {p["lang"] for p in paragraphs}
    for p in paragraphs:
        tag = Text(f"[{p['lang']}] ", style="dim") if len(langs) > 1 else ""
        out.print(styled(tag, document.text[p["start"]:p["end"]]), highlight=False)
        out.print()
    for r in raws:
        out.rule(f"raw: {r['source']} ({r['reader']}, {r['encoding']})")
        out.print(r["raw"], highlight=False)


@app.command()
def search(query: str, limit: int = typer.Option(20, "--limit"), as_json: bool = JsonOpt) -> None:
    """Full-text search over titles and clean text (FTS5 syntax: "exact phrase", OR, prefix*)."""
    with reading() as db:
        hits = db.search(query, limit)
    if as_json:
        return emit_json([asdict(h) for h in hits])
    table = Table(title=f"{len(hits)} hits for {query!r}")
    table.add_column("id", min_width=12, no_wrap=True)
    table.add_column("lang", min_width=4, no_wrap=True)
    table.add_column("title", min_width=10, max_width=30, no_wrap=True, overflow="ellipsis")
    table.add_column("match", min_width=30)
    for h in hits:
        table.add_row(h.doc_id[:12], h.lang or "?", h.title or "", " ".join(h.snippet.split()))
    out.print(table)


@app.command()
def links(doc: str = typer.Argument(..., help="Document id or unambiguous prefix"), as_json: bool = JsonOpt) -> None:
    """Documents linked to one document: translations, near-duplicates, same story."""
    with reading() as db:
        document = db.get_document(doc)
        found = links_of(db, document.id)
    if as_json:
        return emit_json(found)
    table = Table(title=f"{len(found)} links of {document.id[:12]} ({document.lang}) {document.title or ''}")
    table.add_column("kind", no_wrap=True)
    table.add_column("score", no_wrap=True)
    table.add_column("id", min_width=12, no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("outlet", max_width=20, no_wrap=True, overflow="ellipsis")
    table.add_column("aligned", no_wrap=True)
    table.add_column("title", max_width=max(16, out.width - 80), no_wrap=True, overflow="ellipsis")
    for link in found:
        table.add_row(link["kind"], f"{link['score']:.2f}", link["other"][:12], link["lang"] or "?", link["outlet"] or "",
                      str(len(link["evidence"])), link["title"] or "")
    out.print(table)


@app.command()
def compare(doc_a: str = typer.Argument(..., metavar="DOC1"), doc_b: str = typer.Argument(..., metavar="DOC2"),
            as_json: bool = JsonOpt) -> None:
    """Two documents side by side: aligned sentences, and what only one of them says."""
    with reading() as db:
        result = api.compare_documents(db, doc_a, doc_b)
    a, b, c = result.a, result.b, result.comparison

    def text(doc: api.Document, span: tuple[int, int] | None) -> str | None:
        return doc.text[span[0]:span[1]] if span else None

    if as_json:
        return emit_json(result.to_dict())
    out.print(styled(bold(result.kind or "not linked"), f" · similarity {c.similarity:.2f} · coverage {c.coverage:.2f}"
              f" · anchors {c.anchor_overlap:.2f} · {len(c.pairs)} aligned sentences"), highlight=False)
    table = Table(show_lines=True, expand=True)
    table.add_column(f"{a.id[:12]} ({a.lang}) {a.outlet or ''}", ratio=1)
    table.add_column("", width=4, no_wrap=True)
    table.add_column(f"{b.id[:12]} ({b.lang}) {b.outlet or ''}", ratio=1)
    for row in result.rows:
        label = Text("only here: ", style="yellow") if row.only_one_side else Text("within the other side's sentence: ", style="dim")
        left, right = text(a, row.a) or "", text(b, row.b) or ""
        if not row.aligned:
            left, right = (styled(label, left) if left else ""), (styled(label, right) if right else "")
        table.add_row(left, f"{row.score:.2f}" if row.aligned else "", right)
    out.print(table)


@app.command("stories")
def list_stories(limit: int = typer.Option(50, "--limit"), offset: int = typer.Option(0, "--offset"), as_json: bool = JsonOpt) -> None:
    """Stories: documents about one happening, across languages and outlets."""
    with reading() as db:
        found = story_storage.list_stories(db, limit, offset)
    if as_json:
        return emit_json(found)
    table = Table(title=f"{len(found)} stories")
    table.add_column("id", min_width=18, no_wrap=True)
    table.add_column("docs", min_width=4, no_wrap=True)
    table.add_column("langs", min_width=8, no_wrap=True)
    table.add_column("span", min_width=10, no_wrap=True)
    table.add_column("outlets", max_width=24, no_wrap=True, overflow="ellipsis")
    table.add_column("title", max_width=max(16, out.width - 80), no_wrap=True, overflow="ellipsis")
    for s in found:
        table.add_row(s["id"], str(s["documents"]), ",".join(s["langs"]), _span(s), ", ".join(s["outlets"]), s["title"] or "")
    out.print(table)


def _span(record: dict[str, Any]) -> str:
    if record["first"] == record["last"]:
        return record["first"] or ""
    return f"{record['first'] or '?'}…{record['last'] or '?'}"


@app.command()
def story(ref: str = typer.Argument(..., help="Story id or unambiguous prefix"), as_json: bool = JsonOpt) -> None:
    """One story: its documents in time order, how each joined, and merges."""
    with reading() as db:
        found = story_storage.get_story(db, ref)
    if as_json:
        return emit_json(found)
    out.print(styled(bold(found["title"] or found["id"]), f" · {found['documents']} documents · {', '.join(found['langs'])}"
              f" · {found['first'] or '?'} … {found['last'] or '?'}"), highlight=False)
    table = Table()
    for name in ("published", "lang", "id", "outlet", "joined via", "title"):
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=40 if name == "title" else None)
    for m in found["members"]:
        via = f"{m['via'][:12]} ({m['score']:.2f})" if m["via"] else "founded it"
        table.add_row(m["published"] or "", m["lang"] or "?", m["id"][:12], m["outlet"] or "", via, m["title"] or "")
    out.print(table)
    for merge in found["merges"]:
        out.print(f"merged {merge['merged']} when {merge['doc_id'][:12]} arrived (score {merge['score']:.2f})", highlight=False)
    if found["topic"]:
        out.print(f"topic {found['topic']}: {len(found['related'])} other stories", highlight=False)
        for other in found["related"]:
            out.print(f"  {other['id']} · {other['documents']} docs · {_span(other)} · {other['title'] or ''}", highlight=False)


@app.command("topics")
def list_topics(limit: int = typer.Option(50, "--limit"), offset: int = typer.Option(0, "--offset"), as_json: bool = JsonOpt) -> None:
    """Topics: stories about one kind of happening with the same protagonists or setting."""
    with reading() as db:
        found = topic_storage.list_topics(db, limit, offset)
    if as_json:
        return emit_json(found)
    table = Table(title=f"{len(found)} topics")
    table.add_column("id", min_width=18, no_wrap=True)
    table.add_column("stories", min_width=7, no_wrap=True)
    table.add_column("docs", min_width=4, no_wrap=True)
    table.add_column("langs", min_width=8, no_wrap=True)
    table.add_column("span", min_width=10, no_wrap=True)
    table.add_column("first title", max_width=max(16, out.width - 70), no_wrap=True, overflow="ellipsis")
    for t in found:
        table.add_row(t["id"], str(t["stories"]), str(t["documents"]), ",".join(t["langs"]), _span(t), t["title"] or "")
    out.print(table)


@app.command()
def topic(ref: str = typer.Argument(..., help="Topic id or unambiguous prefix"), as_json: bool = JsonOpt) -> None:
    """One topic: the words its documents share, and its stories in time order."""
    with reading() as db:
        found = topic_storage.get_topic(db, ref)
    if as_json:
        return emit_json(found)
    out.print(styled(bold(found["id"]), f" · {found['stories']} stories · {found['documents']} documents"
              f" · {', '.join(found['langs'])} · {_span(found) or '?'}"), highlight=False)
    out.print(f"shared words: {', '.join(found['keywords'])}", highlight=False)
    table = Table("story", "docs", "langs", "span", "joined via", "title")
    for s in found["story_list"]:
        joined = s["joined"] or {}
        via = f"{joined['how']}: {joined['via'][:12]} ({joined['score']:.2f})" if joined.get("via") else "founded it"
        table.add_row(s["id"], str(s["documents"]), ",".join(s["langs"]), _span(s), via, s["title"] or "")
    out.print(table)
    for merge in found["merged"]:
        out.print(f"merged {merge['topic']} into it: document {merge['doc_id'][:12]}'s story bound the two", highlight=False)


@app.command()
def export(fmt: str = typer.Option("jsonl", "--format",
                                   help="jsonl (every record kind, DESIGN.md), parquet, csv (flat tables), acled (events"
                                        " CSV), stix (STIX 2.1 bundle), gexf or graphml (actor network), neo4j (bulk import), ftm"
                                        " (FollowTheMoney entities; needs requirements-ftm.lock)"),
           out_dir: Path = typer.Option(Path("export"), "--out", help="Folder to write into"),
           story: str | None = typer.Option(None, "--story", help="Only this story's documents (id or prefix)"),
           actor: str | None = typer.Option(None, "--actor", help="Only documents naming this actor (id or name)"),
           since: str | None = typer.Option(None, "--since", help="Only documents published on or after this date"),
           lang: str | None = typer.Option(None, "--lang", help="Only documents in this language")) -> None:
    """Write the knowledge base, or the documents the filters keep with what was found in
    them, in a format other tools read; every record keeps its document ids and spans."""
    with reading() as db:
        try:
            counts = api.export(db, fmt, out_dir, Selection(story, actor, since, lang))
        except CrosswireError as exc:
            fail(exc)
    out.print(" · ".join(f"{kind} {n}" for kind, n in counts.items()) + f" → {out_dir}/", highlight=False)


@app.command("copy")
def copy_command(source: str = typer.Option(..., "--from", help="The store to copy: a SQLite file or a postgresql:// URL"),
                 target: str = typer.Option(..., "--to", help="A new, empty store to copy into"),
                 as_json: bool = JsonOpt) -> None:
    """Copy a knowledge base into another store: a SQLite file into the PostgreSQL database
    a team shares, or back. The source is only read; the copy is one transaction."""
    try:
        counts = api.copy(source, target)
    except CrosswireError as exc:
        fail(exc)
    if as_json:
        return emit_json(counts)
    out.print(f"{counts.get('documents', 0)} documents, {sum(counts.values())} rows in {len(counts)} tables copied",
              highlight=False)


@app.command()
def demo(as_json: bool = JsonOpt) -> None:
    """Build a knowledge base from the bundled fictional corpus and show what was found."""
    db = State.db if State.db_given else DEMO_DB
    State.db = db
    try:
        report = api.demo(db)
    except CrosswireError as exc:
        fail(exc)
    if as_json:
        return emit_json({"db": str(db), "read": report.read, "stored": report.stored})
    out.print(styled(bold("crosswire demo"), f" — fictional sample corpus → {db}"))
    out.print(report.summary(), highlight=False)
    docs(lang=None, limit=50, offset=0, as_json=False)
    with reading() as kb:
        kinds = Counter(link["kind"] for link in export_records(kb, "links"))
    out.print("links: " + (" · ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())) or "none"), highlight=False)
    list_stories(limit=20, offset=0, as_json=False)
    list_topics(limit=10, offset=0, as_json=False)
    from crosswire.entities.cli import (
        list_actors,  # the slices' commands import this module's app
    )
    from crosswire.events.cli import list_events

    list_actors(kind=None, limit=15, as_json=False)
    list_events(type_=None, actor=None, since=None, place=None, limit=15, as_json=False)
    out.print(f"Next: crosswire --db {db} serve (the web app) · show ID · links ID · compare ID1 ID2 · story ID · topic ID · actor NAME · quotes · event ID"
              " · search WORD · export --out export", highlight=False)


def _sizes(option: str | None) -> tuple[int, ...] | None:
    """`--size 1000` or `--size 1000,10000`."""
    if option is None:
        return None
    try:
        sizes = tuple(int(part) for part in option.split(","))
    except ValueError:
        raise typer.BadParameter(f"{option!r}: give a number of documents, or several separated by commas") from None
    if any(size < 1 for size in sizes):
        raise typer.BadParameter(f"{option!r}: sizes are counts of documents, at least 1")
    return sizes


@app.command("eval")
def evaluate(name: str | None = typer.Argument(None, help="Evaluator name (omit to list them)"),
             data: Path | None = typer.Option(None, "--data", help="Data folder in the evaluator's format"),
             size: str | None = typer.Option(None, "--size", help="Corpus size, for scale benchmarks; a list "
                                             "(1000,10000) draws a curve where the evaluator can"),
             benchmarks: Path = typer.Option(Path("BENCHMARKS.md"), "--benchmarks", help="Where figures are written"),
             no_write: bool = typer.Option(False, "--no-write", help="Do not update BENCHMARKS.md"),
             as_json: bool = JsonOpt) -> None:
    """Evaluate a stage against annotated data and record the figures in BENCHMARKS.md."""
    if name is None:
        table = Table("evaluator", "default data", "what it measures")
        for e in api.evaluators():
            table.add_row(e.name, e.folder, e.description)
        return out.print(table)
    command = "crosswire " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    try:
        result, failures = api.evaluate(name, data, size=_sizes(size), benchmarks=None if no_write else benchmarks,
                                        command=command)
    except CrosswireError as exc:
        fail(exc)
    if as_json:
        emit_json({"name": result.name, "metrics": result.metrics, "columns": result.columns, "rows": result.rows, "notes": result.notes,
                   "below_floor": failures})
    else:
        out.print(api.eval_markdown(result, command), highlight=False)
    for failure in failures:
        err.print(styled(Text("quality gate:", style="red"), f" {failure}"), highlight=False)
    if failures:
        raise typer.Exit(1)
