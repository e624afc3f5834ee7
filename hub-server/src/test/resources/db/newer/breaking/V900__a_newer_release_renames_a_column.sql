-- A newer release's migration that older nodes cannot live with: a column they write is renamed.
ALTER TABLE alarm RENAME COLUMN problem TO trouble;
