-- crosswire schema v1: documents, their sources and raw input, stage bookkeeping,
-- and the annotation tables of DESIGN.md's data model.

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,            -- normalized reader output, before cleaning
    text TEXT NOT NULL,            -- clean text: every span indexes this
    text_hash TEXT NOT NULL,
    meta_hash TEXT NOT NULL,       -- hash of the metadata readers supplied
    title TEXT,
    lang TEXT,
    published TEXT,
    published_precision TEXT NOT NULL DEFAULT 'unknown',
    outlet TEXT,
    outlet_key TEXT NOT NULL,      -- groups documents of one site for boilerplate learning
    relayed_from TEXT,
    url TEXT,
    hints TEXT NOT NULL DEFAULT '{}',  -- reader metadata (JSON): date, lang, sitename...
    ingested_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_outlet_key ON documents(outlet_key);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE sources (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT NOT NULL,          -- path, path#Lline, URL or <stdin>
    reader TEXT NOT NULL,
    encoding TEXT,
    raw BLOB,                      -- zlib-compressed decoded input, kept for re-processing
    ingested_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);

CREATE TABLE line_stats (
    outlet_key TEXT NOT NULL,
    line_hash TEXT NOT NULL,
    doc_count INTEGER NOT NULL,
    PRIMARY KEY (outlet_key, line_hash)
);

CREATE TABLE outlets (
    outlet_key TEXT PRIMARY KEY,
    doc_count INTEGER NOT NULL,
    boilerplate_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE stage_runs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    version INTEGER NOT NULL,
    input_key TEXT NOT NULL,
    ran_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, stage)
);

CREATE TABLE doc_fields (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    basis TEXT NOT NULL,
    produced_by TEXT NOT NULL
);
CREATE INDEX doc_fields_doc ON doc_fields(doc_id);

CREATE TABLE paragraphs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    lang TEXT,
    score REAL NOT NULL,
    produced_by TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    ids TEXT NOT NULL DEFAULT '{}',
    roles TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT REFERENCES entities(id),
    method TEXT NOT NULL,
    score REAL NOT NULL,
    produced_by TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker_entity_id TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue_start INTEGER,
    cue_end INTEGER,
    via TEXT,
    group_id TEXT,
    produced_by TEXT NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_id);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    acled_event_type TEXT,
    acled_sub_event_type TEXT,
    actors TEXT NOT NULL DEFAULT '[]',
    targets TEXT NOT NULL DEFAULT '[]',
    location TEXT,
    date TEXT,
    date_precision TEXT NOT NULL DEFAULT 'unknown',
    counts TEXT NOT NULL DEFAULT '{}',
    modality TEXT NOT NULL,
    group_id TEXT,
    produced_by TEXT NOT NULL
);

CREATE TABLE event_evidence (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX event_evidence_doc ON event_evidence(doc_id);

CREATE TABLE links (
    a TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    produced_by TEXT NOT NULL,
    PRIMARY KEY (a, b, kind)
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL
);

CREATE TABLE story_docs (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, doc_id)
);

CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
