-- crosswire schema v13: the links a document's run found, found by that document (the
-- aliases stage reads the aligned sentences of each document's links).
CREATE INDEX links_found_by ON links(found_by);
