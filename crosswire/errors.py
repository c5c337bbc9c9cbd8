"""Coded errors: every failure names the file (or database) and the reason.

Codes are stable so scripts and tests can match on them, like datasette's error codes.
"""
from __future__ import annotations


class CrosswireError(Exception):
    """A failure the user can act on: `where` is the file, line or database concerned."""

    code = "CW000"

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.where}: {self.reason} [{self.code}]"

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Picklable, so a worker process can hand the error back as it is."""
        return type(self), (self.where, self.reason)


class InputError(CrosswireError):
    """An input file or record cannot be read as an article."""

    code = "CW100"


class StoreError(CrosswireError):
    """The database cannot be opened or written."""

    code = "CW200"


class StageError(CrosswireError):
    """The stage pipeline is misconfigured (unknown stage, unmet requirement)."""

    code = "CW300"


class StageFailure(CrosswireError):
    """A stage raised on one document; the failure is recorded and the others go on."""

    code = "CW310"


class EvalError(CrosswireError):
    """An evaluator cannot run (unknown name, missing or malformed data)."""

    code = "CW400"


class KbError(CrosswireError):
    """A knowledge-base operation cannot be done (unknown actor, nothing to split)."""

    code = "CW500"


class ExportError(CrosswireError):
    """An export file cannot be written where it was asked for."""

    code = "CW700"


class LanguageDataError(CrosswireError):
    """A language data file cannot be read or holds a value of the wrong kind."""

    code = "CW600"
