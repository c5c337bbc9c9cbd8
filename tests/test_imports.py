"""Every module of the package imports: a dependency missing from the lock file, or a
module that only breaks when imported alone, fails here rather than on a user's machine."""
from __future__ import annotations

import importlib
import pkgutil

import pytest

import crosswire

MODULES = sorted(m.name for m in pkgutil.walk_packages(crosswire.__path__, prefix="crosswire."))


def test_the_package_has_its_modules():
    assert {"crosswire.cli", "crosswire.events.stage", "crosswire.store.sqlite", "crosswire.api"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(name)
