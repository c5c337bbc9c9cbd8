"""The aliases slice: actors named in the same place of two aligned sentences of linked
documents (translations, near-duplicates, the same story) are candidates for one actor;
with what the knowledge base and the name matcher say, they become one, with the aligned
sentences as evidence an analyst can see and undo."""
