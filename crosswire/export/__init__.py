"""Exporters; each takes a store and writes files other tools read."""
from crosswire.export.jsonl import export_jsonl

FORMATS = {"jsonl": export_jsonl}

__all__ = ["FORMATS", "export_jsonl"]
