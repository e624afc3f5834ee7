-- The family outbox: every message to a resident's family is a row, decided and stored before it is sent.
-- id is the message's key, the idempotency key on every channel (a resend after a crash carries the same).
-- channel: EMAIL or WEBHOOK; address: the e-mail address, or the phone number a gateway texts.
-- state: PENDING (due at next_at), SENDING (claimed by one node until claimed_until; a claim that ran out,
-- as when the node died, is claimed again), DELIVERED, GIVEN_UP (every attempt failed).
CREATE TABLE family_message (
    id             TEXT       NOT NULL PRIMARY KEY,
    resident_id    TEXT       NOT NULL REFERENCES resident (id),
    kind           TEXT       NOT NULL,
    channel        TEXT       NOT NULL,
    contact_name   TEXT       NOT NULL,
    relation       TEXT,
    address        TEXT       NOT NULL,
    language       TEXT       NOT NULL,
    subject        TEXT       NOT NULL,
    body           TEXT       NOT NULL,
    sent_by        TEXT,
    created_at     ${bigint}  NOT NULL,
    state          TEXT       NOT NULL,
    attempts       INTEGER    NOT NULL,
    next_at        ${bigint}  NOT NULL,
    claimed_by     TEXT,
    claimed_until  ${bigint},
    delivered_at   ${bigint},
    last_error     TEXT
);
CREATE INDEX family_message_due ON family_message (state, next_at);
CREATE INDEX family_message_by_resident ON family_message (resident_id, created_at);
