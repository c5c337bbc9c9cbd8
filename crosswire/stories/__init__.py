"""The stories slice: documents about one happening, clustered as they arrive (storage;
the clustering itself is the `stories` stage)."""
