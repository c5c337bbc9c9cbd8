-- crosswire schema v4: document frequency of each anchor, kept as anchors are written,
-- so IDF and rare-anchor retrieval never count posting lists.

CREATE TABLE anchor_df (
    key TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO anchor_df (key, n) SELECT key, count(*) FROM doc_anchors GROUP BY key;
