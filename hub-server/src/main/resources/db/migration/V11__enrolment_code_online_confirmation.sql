-- A code issued for a unit that was online and working re-keys a unit that works: the technician who
-- confirmed it and when, shown on the unit's page. Issuing a code expires the unit's older ones, so each
-- unit has one live code at most.
ALTER TABLE enrolment_code ADD COLUMN online_confirmed_by TEXT;
ALTER TABLE enrolment_code ADD COLUMN online_confirmed_at ${bigint};
