package org.carecall.hub.alarm;

import java.time.Instant;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/**
 * An alarm report as the intake hands it to the store. {@code repeatOf} is the open alarm a repeat press
 * belongs to; {@code problem} is set for an unreadable report raised as UNKNOWN.
 */
public record NewAlarm(String id, String deviceId, AlarmKind kind, String source, Instant raisedAt, long seq,
                       boolean test, String repeatOf, String problem, Instant receivedAt, String origin) {

    /** The call this report becomes when it is stored as a new one, before escalation's first steps. */
    public Alarm asRaised() {
        return asRaisedUnder(id);
    }

    /** The same, stored under an id the hub made because another unit's call has the unit's own. */
    public Alarm asRaisedUnder(String storedId) {
        // Whole milliseconds, as the store keeps them.
        Instant received = Instant.ofEpochMilli(receivedAt.toEpochMilli());
        return new Alarm(storedId, deviceId, kind, source, AlarmState.RECEIVED, Instant.ofEpochMilli(raisedAt.toEpochMilli()),
                received, seq, test, 1, received, problem, received, Alarm.Handling.NONE, id);
    }
}
