"""`crosswire`: the one command-line entry point. Every listing also speaks JSON (--json)."""
from crosswire.cli import actors, documents, events, quotes, train  # noqa: F401  (registration)
from crosswire.cli.common import app

__all__ = ["app"]
