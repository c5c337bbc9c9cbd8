"""Shared fixtures. Real-data tests read ../shared/data and skip cleanly when it is absent.
PostgreSQL tests need `CROSSWIRE_TEST_POSTGRES` (the URL of a role that may create
databases: `scripts/postgres-for-tests` starts a server and prints one); without it they
skip, except in CI, where they fail."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire import api
from crosswire.cli import app
from crosswire.eval.registry import data_root
from crosswire.store import open_store
from crosswire.store.postgres import scratch_database

SEED_FILES = {
    "000": "000_d7791a6c04448b49.txt",
    "001": "001_6576aff1ff120b20.txt",
    "002": "002_c2b7df70bbd86754.txt",
    "003": "003_5eb3370007ea31f0.txt",
    "004": "004_0adcec2d3eb5c014.txt",
}


def shared_data(folder: str) -> Path:
    path = data_root() / folder
    if not path.is_dir():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_data("seeds")


@pytest.fixture
def seed(seeds_dir: Path):
    return lambda key: seeds_dir / SEED_FILES[key]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kb.db"


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo knowledge base, built once per test process (half a minute); a test that
    reads or changes one gets its own copy (`demo_db`)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    api.demo(path)
    return path


@pytest.fixture
def demo_db(demo_master: Path, db: Path) -> Path:
    """`db` holding the demo knowledge base, as `crosswire demo` builds it."""
    return _copy_store(demo_master, db)


@pytest.fixture(scope="session")
def seeds_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles run through every stage, once per test process (as `crosswire run
    ../shared/data/seeds` builds it); a test gets its own copy (`seeds_db`)."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(app, ["--db", str(path), "run", str(shared_data("seeds"))])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def seeds_db(seeds_master: Path, db: Path) -> Path:
    """`db` holding the seeds' knowledge base."""
    return _copy_store(seeds_master, db)


def _copy_store(master: Path, db: Path) -> Path:
    for file in master.parent.iterdir():
        shutil.copy(file, db.parent / file.name.replace(master.name, db.name, 1))
    return db


@pytest.fixture
def store(db: Path):
    with open_store(db) as opened:
        yield opened


@pytest.fixture
def cli(db: Path):
    """Invoke `crosswire --db DB ARGS...` the way a user would; returns the click result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, ["--db", str(db), *args], input=input)

    return invoke


@pytest.fixture
def seeds_copy(tmp_path: Path, seeds_dir: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(seeds_dir, target)
    return target


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


@pytest.fixture
def postgres() -> Iterator[str]:
    yield from fresh_postgres()
