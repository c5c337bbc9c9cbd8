"""The entities slice: people, organizations, places and facilities mentioned, resolved to
actors (storage; finding and resolving them is the `entities` stage with crosswire/text/ner.py
and crosswire/kb)."""
