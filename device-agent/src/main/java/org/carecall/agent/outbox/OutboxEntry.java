package org.carecall.agent.outbox;

import java.time.Instant;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;

/**
 * One message waiting in the outbox. An alarm stays after it is received, carrying the state the hub
 * last reported, until the call is resolved or cancelled; other messages leave once the hub has them.
 */
public record OutboxEntry(String id, Channel channel, byte[] payload, long seq, int attempts, Instant createdAt,
                          Instant nextAttemptAt, Instant receivedAt, AlarmState state, String repeatOf,
                          String by) {

    public boolean isAlarm() {
        return channel == Channel.ALARM;
    }

    /** Whether the hub has confirmed it holds this message (for an alarm: answered RECEIVED or later). */
    public boolean received() {
        return receivedAt != null;
    }
}
