-- Devices, their credentials and last known health. Secrets are stored only as salted hashes.
CREATE TABLE device (
    id              TEXT PRIMARY KEY,
    secret_hash     TEXT    NOT NULL,
    label           TEXT,
    resident_id     TEXT,
    revoked_at      INTEGER,
    created_at      INTEGER NOT NULL,
    config_version  INTEGER NOT NULL,
    config_json     TEXT    NOT NULL,
    fw              TEXT,
    hw              TEXT,
    boot_id         TEXT,
    last_seen_at    INTEGER,
    outbox          INTEGER,
    power           TEXT,
    battery_pct     INTEGER,
    cpu_temp_c      REAL,
    wifi_rssi       INTEGER,
    last_motion_at  INTEGER
);

-- One row per call. The id is the device's own, so a resend finds its row instead of making another.
-- raised_at is the device's clock; received_at is the hub's, which orders calls.
CREATE TABLE alarm (
    id              TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    source          TEXT,
    state           TEXT    NOT NULL,
    raised_at       INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    seq             INTEGER,
    test            INTEGER NOT NULL DEFAULT 0,
    press_count     INTEGER NOT NULL DEFAULT 1,
    last_press_at   INTEGER NOT NULL,
    problem         TEXT,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX alarm_by_device_state ON alarm (device_id, state);
CREATE INDEX alarm_by_state ON alarm (state, received_at);

-- Repeat presses counted on an open alarm: the press id is remembered so its resends are not counted twice.
CREATE TABLE alarm_press (
    press_id        TEXT PRIMARY KEY,
    alarm_id        TEXT    NOT NULL REFERENCES alarm (id),
    received_at     INTEGER NOT NULL
);

-- The story of each alarm: every transition with who, when and from where.
CREATE TABLE alarm_timeline (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    alarm_id        TEXT    NOT NULL REFERENCES alarm (id),
    at              INTEGER NOT NULL,
    action          TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    origin          TEXT,
    note            TEXT
);
CREATE INDEX alarm_timeline_by_alarm ON alarm_timeline (alarm_id, seq);

-- Sensor events that are not alarms, for supervision and the resident's file.
CREATE TABLE device_event (
    id              TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    source          TEXT,
    at              INTEGER NOT NULL,
    received_at     INTEGER NOT NULL
);

-- Commands sent to devices and their results.
CREATE TABLE device_command (
    id              TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL,
    cmd             TEXT    NOT NULL,
    args_json       TEXT,
    sent_at         INTEGER NOT NULL,
    result_at       INTEGER,
    ok              INTEGER,
    detail_json     TEXT
);

-- Every refused connection or message. Append-only: nothing in the hub updates or deletes rows here.
CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    event           TEXT    NOT NULL,
    device_id       TEXT,
    remote          TEXT,
    reason          TEXT    NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
