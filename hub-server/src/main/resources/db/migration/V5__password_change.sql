-- A generated or reset password is for one login only: its holder must choose their own at once.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
