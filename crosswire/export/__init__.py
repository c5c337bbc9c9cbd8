"""Exporters; each takes a store and writes files other tools read."""
from crosswire.export.acled import export_acled
from crosswire.export.jsonl import export_jsonl

FORMATS = {"jsonl": export_jsonl, "acled": export_acled}

__all__ = ["FORMATS", "export_acled", "export_jsonl"]
