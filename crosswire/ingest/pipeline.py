"""Ingest: inputs -> decoded text -> articles -> the store, in batched transactions."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from crosswire.errors import InputError
from crosswire.ingest.decode import decode
from crosswire.ingest.exported import DOCUMENTS, is_export, restore_kb
from crosswire.ingest.readers import READERS, reader_for
from crosswire.ingest.sources import Input, Skipped, expand
from crosswire.model import Article
from crosswire.settings import IngestOptions
from crosswire.store import Store

BATCH_SIZE = 500


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    kb: dict[str, int] = field(default_factory=dict)     # what a crosswire export's KB file added

    def summary(self) -> str:
        skipped = f" · {len(self.skipped)} skipped" if self.skipped else ""
        kb = f" · KB: {self.kb['actors']} actors, {self.kb['edits']} new edits" if self.kb else ""
        return (f"{self.read} read · {self.stored} stored · {self.duplicates} duplicates · {len(self.errors)} errors"
                f"{skipped}{kb}")


def read_input(item: Input, options: IngestOptions) -> list[Article | InputError]:
    """All articles (or per-record errors) of one input; a whole-input failure is one error."""
    try:
        text, encoding = decode(item.read_bytes(options.max_bytes), item.source)
    except InputError as exc:
        return [exc]
    except OSError as exc:
        return [InputError(item.source, f"cannot read ({exc.strerror or exc})")]
    _, reader = reader_for(item.source, text, options.format)
    try:
        results = list(reader(text, item.source, options))
    except RecursionError:
        return [InputError(item.source, "nested too deeply to read (JSON or markup thousands of levels deep)")]
    except Exception as exc:  # noqa: BLE001  (a reader's fault on one input never stops the others)
        return [InputError(item.source, f"cannot read as {options.format or 'an article'} ({type(exc).__name__}: {exc})")]
    for result in results:
        if isinstance(result, Article):
            result.encoding = encoding
    return results


def ingest(
    store: Store,
    paths: list[str],
    options: IngestOptions | None = None,
    on_input: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Store every article found under `paths`; bad inputs are reported, never fatal.

    `on_input(done, total)` is called after each input file, for progress bars.
    """
    options = options or IngestOptions()
    if options.format is not None and options.format not in READERS:
        raise InputError(options.format, f"unknown input format; available: {', '.join(READERS)}")
    report = IngestReport()
    pending: list[Article] = []

    def flush() -> None:
        for result in store.add_articles(pending):
            report.stored += result.new
            report.duplicates += not result.new
            report.doc_ids.append(result.doc_id)
        pending.clear()

    items = list(expand(paths, options.follow_links))
    for done, item in enumerate(items, start=1):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        if isinstance(item, Input) and item.path is not None and item.path.name == DOCUMENTS and is_export(item.path.parent):
            try:                                  # the export's KB first: the documents are analysed with it
                for key, n in restore_kb(store, item.path.parent).items():
                    report.kb[key] = report.kb.get(key, 0) + n
            except InputError as exc:
                report.errors.append(exc)
        for result in [item] if isinstance(item, InputError) else read_input(item, options):
            if isinstance(result, InputError):
                report.errors.append(result)
                continue
            report.read += 1
            pending.append(result)
            if len(pending) >= BATCH_SIZE:
                flush()
        if on_input:
            on_input(done, len(items))
    flush()
    return report
