-- The weekly test looks up each device's newest test call and newest TEST_CALL request; these keep
-- both lookups to an index walk however long the history grows.
CREATE INDEX alarm_tests_by_device ON alarm (device_id, received_at) WHERE test = 1;
CREATE INDEX device_command_by_device ON device_command (device_id, cmd, sent_at);
