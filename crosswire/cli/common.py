"""What every command shares: the app, the database option, output and errors."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from crosswire import api
from crosswire.errors import CrosswireError
from crosswire.settings import default_db
from crosswire.store.postgres import is_postgres

app = typer.Typer(help="Multilingual news into an evidence-linked knowledge base.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
# Article text is data, never markup: `[/bold]` in a title prints as written. Styling is
# given as `Text` (bold(), styled()), so nothing read from an article is ever parsed.
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)


def bold(value: str) -> Text:
    return Text(value, style="bold")


def styled(*parts: str | Text) -> Text:
    """One line from plain strings (printed literally) and styled pieces."""
    return Text.assemble(*parts)


# Where `crosswire demo` builds its knowledge base when no --db is given.
DEMO_DB = "crosswire-demo.db"


class State:
    db: str = str(default_db())
    db_given: bool = False
    busy_timeout: float = 10.0


@app.callback()
def main(db: str = typer.Option(None, "--db", envvar="CROSSWIRE_DB",
                                help="Database: a SQLite file or a postgresql:// URL [default: ./crosswire.db]"),
         busy_timeout: float = typer.Option(10.0, "--busy-timeout", envvar="CROSSWIRE_BUSY_TIMEOUT",
                                            help="Seconds to wait for another process's write lock")) -> None:
    State.db, State.db_given, State.busy_timeout = db or str(default_db()), db is not None, busy_timeout


def db_exists() -> bool:
    """Whether the database is there to read (a server database is asked when opened)."""
    return is_postgres(State.db) or Path(State.db).exists()


def open_db(create: bool = True, readonly: bool = False) -> api.Store:
    return api.open_store(State.db, create=create, readonly=readonly, busy_timeout=State.busy_timeout)


@contextmanager
def reading(create: bool = False) -> Iterator[api.Store]:
    """The existing database, opened read-only for commands that only read, so they never
    change it (KB commands may start one: a new database holds the starter KB); any
    failure ends the command."""
    try:
        with open_db(create=create, readonly=not create) as db:
            yield db
    except CrosswireError as exc:
        fail(exc)


def fail(exc: CrosswireError) -> None:
    err.print(styled(Text("error:", style="red"), f" {exc}"), highlight=False)
    raise typer.Exit(1)


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)


JsonOpt = typer.Option(False, "--json", help="Machine-readable output")
