-- The audit log becomes a hash chain: each row appended from now on keeps the hash of the row before it
-- (prev_hash) and a hash of that and its own fields (hash), so that a row changed or taken out later
-- shows when the chain is checked (`carecall hub audit verify`). Rows written before this migration keep
-- both empty: they are reported as older than the chain, which starts at the first row after it.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
