"""Store locations on both backends. PostgreSQL tests need `CROSSWIRE_TEST_POSTGRES` (the
URL of a role that may create databases: `scripts/postgres-for-tests` starts a server and
prints one); without it they skip, except in CI, where they fail."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.store.postgres import scratch_database


def fresh_postgres() -> Iterator[str]:
    """A new, empty database, dropped afterwards; its URL."""
    admin = os.environ.get("CROSSWIRE_TEST_POSTGRES")
    if not admin:
        message = "CROSSWIRE_TEST_POSTGRES is not set (run scripts/postgres-for-tests)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with scratch_database(admin) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path: Path) -> Iterator[str]:
    """Where a store lives, on each backend in turn."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.db")
    else:
        yield from fresh_postgres()


@pytest.fixture
def postgres() -> Iterator[str]:
    yield from fresh_postgres()
