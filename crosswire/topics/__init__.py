"""The topics slice: stories of one kind of happening with the same protagonists (storage;
the grouping itself is the `topics` stage)."""
