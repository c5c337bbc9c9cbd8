-- crosswire schema v6: what quotes need beyond v1's table: the content's parts (a quote
-- interrupted by "he said" or running over paragraphs), how the speaker was found, the
-- relay's span, a confidence, and the content's vector (to group renderings of one utterance).

ALTER TABLE quotes ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE quotes ADD COLUMN via_start INTEGER;
ALTER TABLE quotes ADD COLUMN via_end INTEGER;
ALTER TABLE quotes ADD COLUMN score REAL NOT NULL DEFAULT 0;
ALTER TABLE quotes ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN evidence TEXT NOT NULL DEFAULT '{}';
ALTER TABLE quotes ADD COLUMN vector BLOB;
