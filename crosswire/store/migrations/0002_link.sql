-- crosswire schema v2: sentence vectors, document signatures and link ownership.

CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    vector BLOB NOT NULL,          -- float16 USE embedding
    anchors TEXT NOT NULL DEFAULT '',  -- the sentence's anchors, space-separated
    produced_by TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE doc_vectors (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    vector BLOB NOT NULL           -- float16, normalized mean of the sentence vectors
);

CREATE TABLE doc_anchors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (doc_id, key)
);
CREATE INDEX doc_anchors_key ON doc_anchors(key);

CREATE TABLE doc_bands (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (doc_id, key)
);
CREATE INDEX doc_bands_key ON doc_bands(key);

ALTER TABLE links ADD COLUMN found_by TEXT;
