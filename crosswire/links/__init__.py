"""The links slice: translations, near-duplicates and same-story articles (storage; finding
them is the `signatures` and `link` stages with crosswire/text/anchors.py and align.py)."""
