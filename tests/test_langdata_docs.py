"""Language data is documented like code: every key a language file holds is described in
crosswire/langdata/README.md, and the page describes no key that no file holds."""
from __future__ import annotations

import re
from importlib import resources

from crosswire.langdata import load_files


def _documented() -> set[str]:
    page = (resources.files("crosswire.langdata") / "README.md").read_text("utf-8")
    rows = [line.split("|")[1] for line in page.splitlines() if line.startswith("| `")]
    return {key for cell in rows for key in re.findall(r"`([a-z_]+)`", cell)}


def test_every_language_key_is_documented_and_every_documented_key_exists():
    held = {key for data in load_files().values() for key in data}
    assert sorted(held - _documented()) == []
    assert sorted(_documented() - held) == []
