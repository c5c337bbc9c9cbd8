"""The quotes slice: who said what, relayed by whom (storage; extraction still lives in
crosswire/text/quotes.py and the `quotes` and `utterances` stages)."""
