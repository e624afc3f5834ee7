-- A call's id is made by its unit, so it is unique per unit, not across units: a resend is recognised by
-- (unit, the unit's id). A unit that sends an id another unit's call has is stored as a call of its own,
-- under an id the hub makes; unit_alarm_id keeps the id the unit knows it by, for its receipts. The same
-- for repeat presses counted on an open call. Every call and press stored so far keeps its own id.
ALTER TABLE alarm ADD COLUMN unit_alarm_id TEXT;
UPDATE alarm SET unit_alarm_id = id;
CREATE UNIQUE INDEX alarm_by_unit_id ON alarm (device_id, unit_alarm_id);

ALTER TABLE alarm_press ADD COLUMN device_id TEXT;
ALTER TABLE alarm_press ADD COLUMN unit_press_id TEXT;
UPDATE alarm_press SET unit_press_id = press_id,
    device_id = (SELECT alarm.device_id FROM alarm WHERE alarm.id = alarm_press.alarm_id);
CREATE UNIQUE INDEX alarm_press_by_unit_id ON alarm_press (device_id, unit_press_id);
