-- A generated or reset password opens one session, within a day of being made: when it stops working
-- (NULL: a password made before this, which keeps no deadline) and when it was used.
ALTER TABLE staff ADD COLUMN one_time_until ${bigint};
ALTER TABLE staff ADD COLUMN one_time_used_at ${bigint};
-- A session opened with such a password may only choose a new one (1), until it does.
ALTER TABLE staff_session ADD COLUMN one_time INTEGER NOT NULL DEFAULT 0;
CREATE INDEX staff_session_by_staff ON staff_session (staff_id);
