-- The daily 平安 check-in. A plan per resident: on or off, the deadline (HH:MM in her community's time
-- zone) and an away period (days, both included) when nothing is expected. enabled_at: days whose deadline
-- came before it are not expected (a plan made at 11:00 does not miss the 10:00 of its first day).
CREATE TABLE check_in_plan (
    resident_id TEXT       NOT NULL PRIMARY KEY REFERENCES resident (id),
    enabled     INTEGER    NOT NULL,
    deadline    TEXT       NOT NULL,
    away_from   TEXT,
    away_until  TEXT,
    enabled_at  ${bigint}  NOT NULL,
    updated_at  ${bigint}  NOT NULL,
    updated_by  TEXT
);

-- One row per resident per day a check-in is expected, made once (the key is resident and day).
-- state: WAITING, MISSED (the day passed the point where she is listed; still open), CONFIRMED (closed).
-- missed stays 1 once the day counted as missed, even when a late press closes it (late = 1).
-- closed_by: KEY, STAFF or FAMILY, with the name and relation of who told staff; claimed_*: a worker's
-- "I'm on it", which stops the ladder climbing; alarm_id: the CHECK_IN_MISSED call raised for the day.
CREATE TABLE check_in_day (
    resident_id   TEXT       NOT NULL REFERENCES resident (id),
    day           TEXT       NOT NULL,
    deadline_at   ${bigint}  NOT NULL,
    state         TEXT       NOT NULL,
    missed        INTEGER    NOT NULL DEFAULT 0,
    late          INTEGER    NOT NULL DEFAULT 0,
    closed_at     ${bigint},
    closed_by     TEXT,
    closer_name   TEXT,
    relation      TEXT,
    note          TEXT,
    event_id      TEXT,
    claimed_by    TEXT,
    claimed_name  TEXT,
    claimed_at    ${bigint},
    alarm_id      TEXT,
    family_due_at ${bigint},
    created_at    ${bigint}  NOT NULL,
    PRIMARY KEY (resident_id, day)
);
CREATE INDEX check_in_day_open ON check_in_day (state, deadline_at);
CREATE INDEX check_in_day_by_day ON check_in_day (day);

-- Each step of a day's ladder, claimed once in the district: whichever node inserts the row does the step.
-- step: REMIND:0, REMIND:1, ..., LIST, RING, FAMILY; outcome: what came of it (SENT, OFFLINE, NO-UNIT...).
CREATE TABLE check_in_step (
    resident_id TEXT       NOT NULL,
    day         TEXT       NOT NULL,
    step        TEXT       NOT NULL,
    done_at     ${bigint}  NOT NULL,
    outcome     TEXT,
    PRIMARY KEY (resident_id, day, step)
);
