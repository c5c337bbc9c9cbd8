"""Analysis stages. Importing this package registers every stage in `REGISTRY`."""
from crosswire.stages import clean, language, link, metadata, sentences, signatures, stories  # noqa: F401  (registration)
from crosswire.stages.registry import REGISTRY, Stage, ordered, upstream_key

__all__ = ["REGISTRY", "Stage", "ordered", "upstream_key"]
