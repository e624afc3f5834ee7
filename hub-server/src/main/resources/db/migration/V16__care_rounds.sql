-- Home visits by risk tier. A task is a row: it is made once (its task_key is unique, so several hub nodes
-- making the same task at once make it once), and an overdue one stays open until a visit fulfils it.
-- kind: CADENCE (the tier's next visit), RETRY (after nobody was home), EVENT (after a major change);
-- state: OPEN, DONE (a visit fulfilled it), TRIED (a later retry took its place), SUPERSEDED (a cadence
-- task not yet due that the file's tier or a visit moved). opened_at: from when a visit counts for it.
CREATE TABLE visit_task (
    id              TEXT       NOT NULL PRIMARY KEY,
    task_key        TEXT       NOT NULL UNIQUE,
    resident_id     TEXT       NOT NULL REFERENCES resident (id),
    kind            TEXT       NOT NULL,
    tier            TEXT,
    due_at          ${bigint}  NOT NULL,
    opened_at       ${bigint}  NOT NULL,
    created_at      ${bigint}  NOT NULL,
    state           TEXT       NOT NULL,
    done_at         ${bigint},
    done_entered_at ${bigint},
    visit_id        TEXT,
    source_id       TEXT
);
CREATE INDEX visit_task_open ON visit_task (state, due_at);
CREATE INDEX visit_task_by_resident ON visit_task (resident_id, due_at);

-- A visit as recorded, never changed: a correction is a new row naming the one it replaces. Its id is the
-- client's, so a phone that sends one twice stores it once. visited_at is when it happened, entered_at when
-- the hub heard of it (a visit from paper is entered days later; both are kept).
CREATE TABLE visit (
    id           TEXT       NOT NULL PRIMARY KEY,
    resident_id  TEXT       NOT NULL REFERENCES resident (id),
    visited_at   ${bigint}  NOT NULL,
    entered_at   ${bigint}  NOT NULL,
    method       TEXT       NOT NULL,
    outcome      TEXT       NOT NULL,
    visitor      TEXT,
    staff_id     TEXT,
    domains_json TEXT       NOT NULL,
    needs_json   TEXT       NOT NULL,
    note         TEXT,
    replaces_id  TEXT
);
CREATE INDEX visit_by_resident ON visit (resident_id, visited_at);

-- A major change in a resident's life (discharge, a fall, a bereavement...): it asks for a visit soon.
CREATE TABLE resident_event (
    id          TEXT       NOT NULL PRIMARY KEY,
    resident_id TEXT       NOT NULL REFERENCES resident (id),
    kind        TEXT       NOT NULL,
    note        TEXT,
    happened_at ${bigint}  NOT NULL,
    recorded_by TEXT
);
CREATE INDEX resident_event_by_resident ON resident_event (resident_id, happened_at);
