-- Running the community from the console: fuller residents' files, staff grids, who changed what.
ALTER TABLE resident ADD COLUMN name_latin TEXT;
ALTER TABLE resident ADD COLUMN phone TEXT;
ALTER TABLE resident ADD COLUMN medicines TEXT;
ALTER TABLE resident ADD COLUMN mobility TEXT;
-- Languages the resident speaks, comma-separated; the first is the one her unit speaks.
ALTER TABLE resident ADD COLUMN languages TEXT;
-- An archived file (moved away, died) keeps its calls' history but leaves the lists.
ALTER TABLE resident ADD COLUMN archived_at ${bigint};
CREATE INDEX resident_by_area ON resident (area_id, name);

-- The grids a member of staff works in: going on duty without naming a grid covers these.
CREATE TABLE staff_area (
    staff_id        TEXT    NOT NULL REFERENCES staff (id),
    area_id         TEXT    NOT NULL REFERENCES area (id),
    PRIMARY KEY (staff_id, area_id)
);

-- Who did it: the member of staff behind a change made from the console (null for devices and the hub).
ALTER TABLE audit_log ADD COLUMN actor TEXT;
CREATE INDEX audit_by_actor ON audit_log (actor, seq);
CREATE INDEX audit_by_device ON audit_log (device_id, seq);
