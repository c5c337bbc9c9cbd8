"""Stage `entities`: mentions of people, organizations, places and facilities in every
language, resolved to KB actors or local entities, with the method and evidence of each.

Detectors: the packaged spaCy model where one exists (en, fr), names after honorifics
(every language), and the KB's own names (every script). Resolution: crosswire/kb/resolve.py.
Role facts ("X, secretary-general of Y") come from crosswire/kb/roles.py.
"""
from __future__ import annotations

from typing import Any

from crosswire.kb.index import KnowledgeBase
from crosswire.kb.resolve import Resolved, resolve
from crosswire.kb.roles import role_facts
from crosswire.stages.registry import stage
from crosswire.text.ner import model_mentions, rule_mentions


@stage("entities", version=2, requires=("text", "lang"), assigns=("mentions", "role_facts"), resources=("kb",))
def entities(row: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """Find names (model, honorifics, KB), resolve them to actors, and read stated roles."""
    text = row["text"] or ""
    found = find_entities(text, row["lang"], kb)
    return {"mentions": [m.record() for m in found], "role_facts": role_facts(text, row["lang"], found)}


def find_entities(text: str, lang: str | None, kb: KnowledgeBase) -> list[Resolved]:
    """Every detector, then resolution: what the stage stores for one text."""
    return resolve(text, model_mentions(text, lang) + rule_mentions(text, lang), kb)
