-- crosswire schema v10: analyst edits, who made them and when. KB edits (an alias, a merge,
-- a split) are logged here as they change the KB; corrections of a quote's speaker or an
-- event's type are keyed by the words they correct (document and span), so the stage that
-- rewrites the document's quotes or events applies them again.
CREATE TABLE analyst_edits (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    doc_id TEXT,
    start INTEGER,
    "end" INTEGER,
    value TEXT NOT NULL
);
CREATE INDEX analyst_edits_doc ON analyst_edits(doc_id, action);
