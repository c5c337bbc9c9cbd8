-- crosswire schema v3: story membership with its evidence, and recorded merges.

ALTER TABLE story_docs ADD COLUMN score REAL NOT NULL DEFAULT 1.0;
ALTER TABLE story_docs ADD COLUMN via TEXT;           -- the document it joined through

CREATE TABLE story_merges (
    merged TEXT NOT NULL,          -- story that ceased to exist
    into_story TEXT NOT NULL,      -- story that absorbed it
    doc_id TEXT NOT NULL,          -- document whose arrival bound them
    score REAL NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX story_docs_doc ON story_docs(doc_id);
