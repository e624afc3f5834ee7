-- Work orders (巡查—上报—处置—反馈): a need found on a visit, reported by staff or by the resident's service
-- key, handled and followed up. state: REPORTED, ASSIGNED, IN_PROGRESS, DONE, FOLLOWED_UP, CANCELLED; each
-- move is an UPDATE guarded by the state it leaves, so of two racing moves one wins. source_key is unique:
-- the same need of the same visit, posted twice, opens one order.
CREATE TABLE work_order (
    id                  TEXT       NOT NULL PRIMARY KEY,
    source_key          TEXT       NOT NULL UNIQUE,
    resident_id         TEXT       NOT NULL REFERENCES resident (id),
    category            TEXT       NOT NULL,
    note                TEXT,
    source              TEXT       NOT NULL,
    device_id           TEXT,
    state               TEXT       NOT NULL,
    reported_at         ${bigint}  NOT NULL,
    reported_by         TEXT,
    press_count         INTEGER    NOT NULL,
    assignee_id         TEXT,
    assignee_name       TEXT,
    assigned_at         ${bigint},
    started_at          ${bigint},
    done_at             ${bigint},
    outcome             TEXT,
    done_note           TEXT,
    followed_up_at      ${bigint},
    satisfied           INTEGER,
    follow_up_note      TEXT,
    cancelled_at        ${bigint},
    cancel_reason       TEXT,
    appointment_at      ${bigint},
    appointment_told_at ${bigint},
    flagged_at          ${bigint}
);
CREATE INDEX work_order_by_state ON work_order (state, reported_at);
CREATE INDEX work_order_by_resident ON work_order (resident_id, reported_at);

-- An order's timeline: every move and every fact added (a press counted, a flag, an appointment), with who
-- made it, when, and from where (the console's address, or "unit").
CREATE TABLE work_order_move (
    id         TEXT       NOT NULL PRIMARY KEY,
    order_id   TEXT       NOT NULL REFERENCES work_order (id),
    at         ${bigint}  NOT NULL,
    action     TEXT       NOT NULL,
    actor      TEXT,
    actor_name TEXT,
    origin     TEXT,
    note       TEXT
);
CREATE INDEX work_order_move_by_order ON work_order_move (order_id, at);

-- Each service-key press once, by the unit's event id: a resend of the same press has no second effect.
CREATE TABLE work_order_press (
    event_id   TEXT       NOT NULL PRIMARY KEY,
    device_id  TEXT       NOT NULL,
    order_id   TEXT,
    pressed_at ${bigint}  NOT NULL
);
