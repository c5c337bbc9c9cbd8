-- crosswire schema v5: the actor knowledge base, resolved mentions and role facts.
-- Entities are KB actors (origin 'kb', curated with `crosswire kb`) or local entities the
-- `entities` stage found outside the KB (origin 'local').

ALTER TABLE entities ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
ALTER TABLE entities ADD COLUMN affiliations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE entities ADD COLUMN location TEXT;
ALTER TABLE entities ADD COLUMN description TEXT;
ALTER TABLE entities ADD COLUMN merged_into TEXT;

-- Every name of a KB actor, by the keys resolution looks names up with.
CREATE TABLE entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    lang TEXT,
    folded TEXT NOT NULL,
    skeleton TEXT NOT NULL
);
CREATE INDEX entity_names_entity ON entity_names(entity_id);

-- `kb merge` keeps both actors as they were, so `kb split` can restore them.
CREATE TABLE kb_merges (
    id INTEGER PRIMARY KEY,
    kept TEXT NOT NULL,
    absorbed TEXT NOT NULL,
    kept_before TEXT NOT NULL,
    absorbed_before TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE kb_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO kb_state (key, value) VALUES ('version', '0');

ALTER TABLE mentions ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';

CREATE TABLE entity_roles (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT,
    role TEXT NOT NULL,
    of_entity_id TEXT,
    of_text TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    method TEXT NOT NULL,
    produced_by TEXT NOT NULL
);
CREATE INDEX entity_roles_doc ON entity_roles(doc_id);
CREATE INDEX entity_roles_entity ON entity_roles(entity_id);
