"""The stage machinery (registry, fingerprints). Each stage lives in its slice's package;
importing this package registers every stage in `REGISTRY`."""
from crosswire.aliases import learn as aliases_learn  # noqa: F401  (registration)
from crosswire.aliases import stage as aliases_stage  # noqa: F401  (registration)
from crosswire.documents import clean, language, metadata, sentences  # noqa: F401  (registration)
from crosswire.entities import stage as entities_stage  # noqa: F401  (registration)
from crosswire.events import groups as event_groups_stage  # noqa: F401  (registration)
from crosswire.events import stage as events_stage  # noqa: F401  (registration)
from crosswire.framing import stage as framing_stage  # noqa: F401  (registration)
from crosswire.links import signatures  # noqa: F401  (registration)
from crosswire.links import stage as link_stage  # noqa: F401  (registration)
from crosswire.quotes import stage as quotes_stage  # noqa: F401  (registration)
from crosswire.quotes import utterances  # noqa: F401  (registration)
from crosswire.stages.fingerprint import stage_fingerprint, upstream_key
from crosswire.stages.registry import REGISTRY, Stage, ordered
from crosswire.stories import stage as stories_stage  # noqa: F401  (registration)
from crosswire.topics import stage as topics_stage  # noqa: F401  (registration)

__all__ = ["REGISTRY", "Stage", "ordered", "stage_fingerprint", "upstream_key"]
