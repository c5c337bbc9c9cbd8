"""Exporters; each takes a store, a folder and a selection (export/selection.py) and writes
files other tools read: the JSONL export contract, Parquet, flat CSV, ACLED's CSV, a STIX
2.1 bundle, the actor network as GEXF and GraphML, Neo4j's bulk-import CSV, and FollowTheMoney entities."""
from crosswire.export.acled import export_acled
from crosswire.export.ftm import export_ftm
from crosswire.export.graph import export_gexf, export_graphml
from crosswire.export.jsonl import export_jsonl
from crosswire.export.neo4j import export_neo4j
from crosswire.export.parquet import export_parquet
from crosswire.export.selection import Selection
from crosswire.export.stix import export_stix
from crosswire.export.tables import export_csv

FORMATS = {"jsonl": export_jsonl, "parquet": export_parquet, "csv": export_csv, "acled": export_acled,
           "stix": export_stix, "gexf": export_gexf, "graphml": export_graphml, "neo4j": export_neo4j,
           "ftm": export_ftm}

__all__ = ["FORMATS", "Selection", "export_acled", "export_jsonl"]
