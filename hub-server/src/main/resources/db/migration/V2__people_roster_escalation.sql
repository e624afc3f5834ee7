-- Communities (sites) and their grids (areas). Times of shifts are read in the site's time zone.
CREATE TABLE site (
    id              TEXT PRIMARY KEY,
    name            TEXT    NOT NULL,
    timezone        TEXT    NOT NULL,
    created_at      ${bigint} NOT NULL
);

CREATE TABLE area (
    id              TEXT PRIMARY KEY,
    site_id         TEXT    NOT NULL REFERENCES site (id),
    name            TEXT    NOT NULL
);

-- "One person, one file".
CREATE TABLE resident (
    id              TEXT PRIMARY KEY,
    area_id         TEXT    NOT NULL REFERENCES area (id),
    name            TEXT    NOT NULL,
    address         TEXT,
    room            TEXT,
    date_of_birth   TEXT,
    language        TEXT    NOT NULL DEFAULT 'zh-CN',
    health_notes    TEXT,
    contacts_json   TEXT    NOT NULL DEFAULT '[]',
    risk_level      TEXT    NOT NULL DEFAULT 'MEDIUM',
    created_at      ${bigint} NOT NULL,
    updated_at      ${bigint} NOT NULL
);

CREATE TABLE staff (
    id              TEXT PRIMARY KEY,
    username        TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    site_id         TEXT REFERENCES site (id),
    phone           TEXT,
    password_hash   TEXT    NOT NULL,
    disabled_at     ${bigint},
    created_at      ${bigint} NOT NULL
);

-- Logged-in consoles. Only a hash of each token is kept.
CREATE TABLE staff_session (
    token_hash      TEXT PRIMARY KEY,
    staff_id        TEXT    NOT NULL REFERENCES staff (id),
    created_at      ${bigint} NOT NULL,
    expires_at      ${bigint} NOT NULL,
    origin          TEXT
);

-- The roster: weekly shifts and one-off shifts (which may also say "not working" to override a weekly one).
CREATE TABLE shift (
    id              TEXT PRIMARY KEY,
    staff_id        TEXT    NOT NULL REFERENCES staff (id),
    area_id         TEXT REFERENCES area (id),
    kind            TEXT    NOT NULL,
    weekday         INTEGER,
    on_date         TEXT,
    starts          TEXT    NOT NULL,
    ends            TEXT    NOT NULL
);

-- Going on or off duty from the console, which wins over the roster until the staff member changes it.
CREATE TABLE duty_toggle (
    staff_id        TEXT PRIMARY KEY REFERENCES staff (id),
    on_duty         INTEGER NOT NULL,
    area_id         TEXT REFERENCES area (id),
    since           ${bigint} NOT NULL
);

CREATE TABLE escalation_policy (
    site_id         TEXT PRIMARY KEY REFERENCES site (id),
    policy_json     TEXT    NOT NULL,
    updated_at      ${bigint} NOT NULL
);

-- Who an alarm was shown to and at which step, for the timeline and the reports.
CREATE TABLE notification (
    seq             ${serial},
    alarm_id        TEXT    NOT NULL REFERENCES alarm (id),
    step            INTEGER NOT NULL,
    audience        TEXT    NOT NULL,
    staff_id        TEXT,
    at              ${bigint} NOT NULL
);

-- The life of a call after it is received: who has it, the stored escalation position and the next
-- escalation time, so a restarted hub resumes where it was.
ALTER TABLE alarm ADD COLUMN notified_at ${bigint};
ALTER TABLE alarm ADD COLUMN acknowledged_at ${bigint};
ALTER TABLE alarm ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alarm ADD COLUMN acknowledged_name TEXT;
ALTER TABLE alarm ADD COLUMN arrived_at ${bigint};
ALTER TABLE alarm ADD COLUMN resolved_at ${bigint};
ALTER TABLE alarm ADD COLUMN outcome TEXT;
ALTER TABLE alarm ADD COLUMN escalation_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alarm ADD COLUMN next_escalation_at ${bigint};
CREATE INDEX alarm_by_next_escalation ON alarm (next_escalation_at);
