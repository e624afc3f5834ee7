-- Nodes upgraded one at a time. Each node says in its row the newest schema version its code knows, and the
-- store says the oldest version a node's code must know to run on it: a node that knows less refuses to start,
-- and a node that would raise it while an older node is alive refuses to migrate (store.Migrations).
ALTER TABLE hub_node ADD COLUMN schema_version INTEGER;

CREATE TABLE schema_compatibility (
    id                 INTEGER   NOT NULL PRIMARY KEY,
    compatible_down_to INTEGER   NOT NULL,
    raised_at          ${bigint} NOT NULL
);
