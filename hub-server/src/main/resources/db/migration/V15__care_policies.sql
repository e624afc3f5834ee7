-- Each community's care policy (visit days per tier, the not-home retry, the window after a major event,
-- check-in times, work-order hours) as JSON; a community without a row has the defaults.
CREATE TABLE care_policy (
    site_id     TEXT       NOT NULL PRIMARY KEY REFERENCES site (id),
    policy_json TEXT       NOT NULL,
    updated_at  ${bigint}  NOT NULL
);
