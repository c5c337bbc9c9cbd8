"""The documents slice: what ingest stores and the clean text's sentences (storage; reading
is crosswire/ingest, cleaning and sentences are stages)."""
