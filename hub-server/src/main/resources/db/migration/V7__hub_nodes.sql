-- Several hub nodes on one database. Each node keeps its row fresh while it runs: a row not refreshed for
-- a few seconds is a node that has stopped. consoles lists the staff whose consoles are open on it, so a
-- node ringing a call knows who can see it on any node.
CREATE TABLE hub_node (
    id              TEXT    PRIMARY KEY,
    instance        TEXT    NOT NULL,
    started_at      ${bigint} NOT NULL,
    seen_at         ${bigint} NOT NULL,
    units           INTEGER NOT NULL DEFAULT 0,
    consoles        TEXT    NOT NULL DEFAULT ''
);

-- What each node tells the others, in the order of seq: calls raised and changed, units connected,
-- messages for a unit held by another node. Kept a short while: a node that was away longer reads the
-- board afresh instead.
CREATE TABLE hub_event (
    seq             ${serial},
    at              ${bigint} NOT NULL,
    instance        TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    body            TEXT    NOT NULL
);
CREATE INDEX hub_event_by_at ON hub_event (at);
