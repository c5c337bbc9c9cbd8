"""Analysis stages. Importing this package registers every stage in `REGISTRY`."""
from crosswire.stages import (  # noqa: F401  (registration)
    clean,
    entities,
    event_groups,
    events,
    language,
    link,
    metadata,
    quotes,
    sentences,
    signatures,
    stories,
    topics,
    utterances,
)
from crosswire.stages.fingerprint import stage_fingerprint, upstream_key
from crosswire.stages.registry import REGISTRY, Stage, ordered

__all__ = ["REGISTRY", "Stage", "ordered", "stage_fingerprint", "upstream_key"]
