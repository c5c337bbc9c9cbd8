"""`crosswire`: the one command-line entry point. Every listing also speaks JSON (--json).
Commands about one analysis live in its slice (`events/cli.py`, `quotes/cli.py`,
`entities/cli.py`); importing this package registers them all."""
from crosswire.cli import documents, serve, train  # noqa: F401  (registration)
from crosswire.cli.common import app
from crosswire.entities import cli as entities_cli  # noqa: F401  (registration)
from crosswire.events import cli as events_cli  # noqa: F401  (registration)
from crosswire.framing import cli as framing_cli  # noqa: F401  (registration)
from crosswire.quotes import cli as quotes_cli  # noqa: F401  (registration)

__all__ = ["app"]
