-- Refused attempts from outside (wrong secrets, unknown units, malformed packets, failed logins), counted
-- per minute, reason, source and subject instead of a row each: a flood costs a few rows, not one per
-- packet. Unlike audit_log (what staff did, append-only), these rows are deleted after their retention.
CREATE TABLE refusal_count (
    minute          ${bigint} NOT NULL,
    reason          TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    count           ${bigint} NOT NULL,
    last_at         ${bigint} NOT NULL,
    detail          TEXT    NOT NULL,
    PRIMARY KEY (minute, reason, source, subject)
);
