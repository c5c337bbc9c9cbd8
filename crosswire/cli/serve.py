"""`crosswire serve`: the web app over the store, on this machine only."""
from __future__ import annotations

import getpass
from pathlib import Path

import typer

from crosswire.cli.common import DEMO_DB, State, app, db_exists, err, fail, styled
from crosswire.errors import StoreError


@app.command()
def serve(port: int = typer.Option(8765, "--port", help="Port on 127.0.0.1"),
          read_only: bool = typer.Option(False, "--read-only", help="Refuse every edit (merges, aliases, corrections)"),
          user: str = typer.Option(None, "--user", help="Name recorded with each edit [default: your login name]")) -> None:
    """A local web app over the knowledge base: search, documents with their evidence marked,
    side by side comparison, stories, actors, quotes, events (timeline, map), network; JSON
    API at /api. The store is read; an edit opens it for writing only while it runs."""
    from crosswire.web.server import serve as run_server

    if not State.db_given and not db_exists() and Path(DEMO_DB).exists():
        State.db = DEMO_DB                        # `crosswire demo` then `crosswire serve`: the demo's store
    if not db_exists():
        fail(StoreError(State.db, "no knowledge base here: build one with `crosswire run FOLDER` or `crosswire demo`"))
    who = user or getpass.getuser()
    err.print(styled(f"crosswire serving {State.db} at http://127.0.0.1:{port}/ "
                     f"({'read-only' if read_only else f'edits signed {who}'}); Ctrl+C stops"), highlight=False)
    run_server(State.db, port, who=who, editable=not read_only)
