-- crosswire schema v8: content-word counts per document with their document frequency
-- (kept as they are written, like anchor_df), and the topic each document's story is on.

CREATE TABLE doc_terms (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    terms TEXT NOT NULL            -- JSON object: word -> count
);

CREATE TABLE term_df (
    key TEXT PRIMARY KEY,          -- a content word (named like anchor_df's, so one lookup reads both)
    n INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE topic_docs (
    topic_id TEXT NOT NULL,
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    how TEXT NOT NULL,             -- story (followed its story), words (joined via), new
    via TEXT                       -- the document whose words it shared most
);
CREATE INDEX topic_docs_topic ON topic_docs(topic_id);
