-- crosswire schema v7: what events need beyond v1's table: the reporting document, the
-- sentence and trigger spans, the PLOVER mode, a confidence, the method and the evidence
-- of each slot (trigger words, modality cue, date words).

ALTER TABLE events ADD COLUMN doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE;
ALTER TABLE events ADD COLUMN mode TEXT;
ALTER TABLE events ADD COLUMN start INTEGER;
ALTER TABLE events ADD COLUMN "end" INTEGER;
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN score REAL NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_group ON events(group_id);
CREATE INDEX events_type ON events(type);
