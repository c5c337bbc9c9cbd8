"""Resolving mentions against the knowledge base."""
from __future__ import annotations

import pytest

from crosswire.kb.format import Actor, Affiliation
from crosswire.kb.index import KnowledgeBase
from crosswire.kb.resolve import resolve
from crosswire.text.ner import Mention


def _kb() -> KnowledgeBase:
    return KnowledgeBase([
        Actor("ahmed-tamimi", "Ahmed al-Tamimi", "person", affiliations=[Affiliation("river-front")]),
        Actor("hassan-tamimi", "Hassan al-Tamimi", "person", affiliations=[Affiliation("harbour-party")]),
        Actor("river-front", "River Front", "organization"),
        Actor("harbour-party", "Harbour Party", "organization"),
    ])


@pytest.mark.parametrize(("organization", "expected"), [("River Front", "ahmed-tamimi"), ("Harbour Party", "hassan-tamimi")])
def test_a_lone_surname_goes_to_the_bearer_whose_organization_the_document_names(organization, expected):
    """Two KB people share the surname; only the one tied to the organization named here fits,
    whichever of the two the index happens to list last."""
    text = f"Al-Tamimi addressed the {organization} congress on Sunday."
    org_start = text.index(organization)
    mentions = [Mention(0, len("Al-Tamimi"), "person", "spacy", 0.9),
                Mention(org_start, org_start + len(organization), "organization", "spacy", 0.9)]
    resolved = {item.surface: item for item in resolve(text, mentions, _kb())}
    assert resolved["Al-Tamimi"].entity_id == expected
    assert resolved["Al-Tamimi"].evidence["resolved_by"] == "context"
