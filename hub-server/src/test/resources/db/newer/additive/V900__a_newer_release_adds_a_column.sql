-- A newer release's migration that older nodes can live with: a column they do not read.
ALTER TABLE alarm ADD COLUMN triage_note TEXT;
