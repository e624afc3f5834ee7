-- Which hub node holds each unit's connection. Every login of a unit is a new epoch, one higher than its
-- last on any node: a node holding an older epoch closes that connection, whatever the machines' clocks
-- say, and a message for the unit is addressed to the login that holds it. ended is null while the login
-- is held; the row stays after it ends so the next login's epoch still counts on from it.
CREATE TABLE device_session (
    device_id       TEXT    PRIMARY KEY,
    node            TEXT    NOT NULL,
    instance        TEXT    NOT NULL,
    epoch           ${bigint} NOT NULL,
    since           ${bigint} NOT NULL,
    ended           ${bigint}
);

-- Who rings for a waiting call is read from its notification rows (at a node's start, when another node
-- is lost): found from the open calls, not by reading every row ever written.
CREATE INDEX notification_by_alarm ON notification (alarm_id, at);
