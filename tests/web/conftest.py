"""A live crosswire web app for the tests, over a store the test chose; requests go over
real HTTP, as a browser's do."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from crosswire.web.server import running


@pytest.fixture
def web() -> Iterator[Callable[..., httpx.Client]]:
    """`web(db, editable=True)`: an HTTP client of the app serving `db`."""
    with ExitStack() as stack:
        def open_app(db: Path, editable: bool = True) -> httpx.Client:
            base = stack.enter_context(running(str(db), who="tester", editable=editable))
            return stack.enter_context(httpx.Client(base_url=base, timeout=30))
        yield open_app
