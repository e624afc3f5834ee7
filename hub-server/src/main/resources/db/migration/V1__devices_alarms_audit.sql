-- Devices, their credentials and last known health. Secrets are stored only as salted hashes.
CREATE TABLE device (
    id              TEXT PRIMARY KEY,
    secret_hash     TEXT    NOT NULL,
    label           TEXT,
    resident_id     TEXT,
    revoked_at      ${bigint},
    created_at      ${bigint} NOT NULL,
    config_version  INTEGER NOT NULL,
    config_json     TEXT    NOT NULL,
    fw              TEXT,
    hw              TEXT,
    boot_id         TEXT,
    last_seen_at    ${bigint},
    outbox          INTEGER,
    power           TEXT,
    battery_pct     INTEGER,
    cpu_temp_c      REAL,
    wifi_rssi       INTEGER,
    last_motion_at  ${bigint}
);

-- One row per call. The id is the device's own, so a resend finds its row instead of making another.
-- raised_at is the device's clock; received_at is the hub's, which orders calls.
CREATE TABLE alarm (
    id              TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    source          TEXT,
    state           TEXT    NOT NULL,
    raised_at       ${bigint} NOT NULL,
    received_at     ${bigint} NOT NULL,
    seq             ${bigint},
    test            INTEGER NOT NULL DEFAULT 0,
    press_count     INTEGER NOT NULL DEFAULT 1,
    last_press_at   ${bigint} NOT NULL,
    problem         TEXT,
    updated_at      ${bigint} NOT NULL
);
CREATE INDEX alarm_by_device_state ON alarm (device_id, state);
CREATE INDEX alarm_by_state ON alarm (state, received_at);

-- Repeat presses counted on an open alarm: the press id is remembered so its resends are not counted twice.
CREATE TABLE alarm_press (
    press_id        TEXT PRIMARY KEY,
    alarm_id        TEXT    NOT NULL REFERENCES alarm (id),
    received_at     ${bigint} NOT NULL
);

-- The story of each alarm: every transition with who, when and from where.
CREATE TABLE alarm_timeline (
    seq             ${serial},
    alarm_id        TEXT    NOT NULL REFERENCES alarm (id),
    at              ${bigint} NOT NULL,
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
    at              ${bigint} NOT NULL,
    received_at     ${bigint} NOT NULL
);

-- Commands sent to devices and their results.
CREATE TABLE device_command (
    id              TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL,
    cmd             TEXT    NOT NULL,
    args_json       TEXT,
    sent_at         ${bigint} NOT NULL,
    result_at       ${bigint},
    ok              INTEGER,
    detail_json     TEXT
);

-- Every refused connection or message. Append-only: nothing in the hub updates or deletes rows here,
-- and each engine's V1_1 makes the database refuse it too.
CREATE TABLE audit_log (
    seq             ${serial},
    at              ${bigint} NOT NULL,
    event           TEXT    NOT NULL,
    device_id       TEXT,
    remote          TEXT,
    reason          TEXT    NOT NULL
);
