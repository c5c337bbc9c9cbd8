-- crosswire schema v12: indexes that hold all an events listing reads, so the map reads each
-- located event from an index of its own (not every wide event row), and a page of the
-- table is sorted from an index before its rows are read whole; and an event's evidence
-- found by the event (its export, and the cascade when the events stage replaces it).
CREATE INDEX events_located ON events(location, type, id, doc_id) WHERE location IS NOT NULL;
CREATE INDEX events_doc_order ON events(doc_id, date, type, start, id);
DROP INDEX events_doc_date;
CREATE INDEX event_evidence_event ON event_evidence(event_id);
