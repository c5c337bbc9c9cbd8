"""Store locations on both backends (PostgreSQL: see `fresh_postgres` in tests/conftest.py)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fresh_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path: Path) -> Iterator[str]:
    """Where a store lives, on each backend in turn."""
    if request.param == "sqlite":
        yield str(tmp_path / "kb.db")
    else:
        yield from fresh_postgres()
