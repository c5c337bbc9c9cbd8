"""The web app run by uvicorn: in the foreground for `crosswire serve`, or in a thread on a
free port for the browser tests and the page-time benchmark."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from crosswire.web.app import create_app


def serve(db: str, port: int, *, who: str, editable: bool) -> None:
    uvicorn.run(create_app(db, who=who, editable=editable), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def running(db: str, *, who: str = "analyst", editable: bool = True) -> Iterator[str]:
    """The app serving `db` on 127.0.0.1 while the block runs; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(create_app(db, who=who, editable=editable), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the web app over {db} did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
