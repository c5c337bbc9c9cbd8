-- crosswire schema v11: indexes that hold what listings read (the web app's pages, the
-- CLI's tables), so a query over many documents, mentions or events reads the index and
-- not each wide row (a document's metadata sits behind its body and text).
CREATE INDEX documents_meta ON documents(id, lang, published, outlet);
CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_id);
DROP INDEX mentions_entity;
CREATE INDEX events_doc_date ON events(doc_id, date, type);
CREATE INDEX quotes_group ON quotes(group_id);
