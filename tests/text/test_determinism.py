"""Word-list patterns come out the same in every interpreter: matching must not depend on
Python's string hash seed, or one article could be coded differently on two runs."""
from __future__ import annotations

import os
import subprocess
import sys

PATTERNS = """
from crosswire.text.events import language_pattern
from crosswire.text.ner import _honorifics, _quoted_after_head
print(language_pattern("ar", "background_cues", "arms_dealing_cues", "relative_pronouns").pattern)
print(language_pattern("en", "event_place_preps", "event_agent_preps").pattern)
print(_honorifics().pattern, _quoted_after_head().pattern)
"""


def _patterns(seed: str) -> str:
    return subprocess.run([sys.executable, "-c", PATTERNS], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                          check=True).stdout


def test_word_list_patterns_do_not_depend_on_the_hash_seed():
    assert _patterns("1") == _patterns("2") == _patterns("3")
