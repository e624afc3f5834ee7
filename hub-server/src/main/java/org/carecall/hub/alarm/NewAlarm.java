package org.carecall.hub.alarm;

import java.time.Instant;
import org.carecall.protocol.AlarmKind;

/**
 * An alarm report as the intake hands it to the store. {@code repeatOf} is the open alarm a repeat press
 * belongs to; {@code problem} is set for an unreadable report raised as UNKNOWN.
 */
public record NewAlarm(String id, String deviceId, AlarmKind kind, String source, Instant raisedAt, long seq,
                       boolean test, String repeatOf, String problem, Instant receivedAt, String origin) {
}
