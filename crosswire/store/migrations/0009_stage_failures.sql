-- A stage that failed on a document records why; the document is not retried at the same
-- input key, and the stages that read its output skip it.
ALTER TABLE stage_runs ADD COLUMN error TEXT;
