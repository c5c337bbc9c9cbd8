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
from crosswire.stages.registry import REGISTRY, Stage, ordered, upstream_key

__all__ = ["REGISTRY", "Stage", "ordered", "upstream_key"]
