"""The analyses whose storage code (columns they load and write, what a forced re-run
forgets, export records, queries) lives in their own package: importing this module
registers it with the store (crosswire/store/handlers.py). Adding an analysis is adding
its package and a line here; the store package does not change."""
from crosswire.aliases import storage as aliases_storage  # noqa: F401  (registration)
from crosswire.documents import storage as documents_storage  # noqa: F401  (registration)
from crosswire.entities import storage as entities_storage  # noqa: F401  (registration)
from crosswire.events import storage as events_storage  # noqa: F401  (registration)
from crosswire.framing import storage as framing_storage  # noqa: F401  (registration)
from crosswire.kb import storage as kb_storage  # noqa: F401  (registration)
from crosswire.links import storage as links_storage  # noqa: F401  (registration)
from crosswire.quotes import storage as quotes_storage  # noqa: F401  (registration)
from crosswire.stories import storage as stories_storage  # noqa: F401  (registration)
from crosswire.topics import storage as topics_storage  # noqa: F401  (registration)
