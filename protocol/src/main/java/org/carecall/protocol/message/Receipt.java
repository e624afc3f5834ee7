package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;

/**
 * {@code down/ack}: the hub tells a device where one of its alarms stands. RECEIVED is sent only once
 * the alarm is committed; {@code by} names the person who took the call; {@code mergedInto} names the
 * open alarm a repeat press was counted on.
 */
public record Receipt(String alarmId, AlarmState state, Instant at, String by, String note, String mergedInto)
        implements Message {

    public Receipt {
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    public static Receipt of(String alarmId, AlarmState state, Instant at) {
        return new Receipt(alarmId, state, at, null, null, null);
    }

    @Override
    public Channel channel() {
        return Channel.ACK;
    }

    static Receipt read(PayloadReader r) {
        String alarmId = r.requireId("alarmId");
        AlarmState state = r.requireEnum("state", AlarmState.class);
        Instant at = r.requireInstant("at");
        String by = r.optionalText("by");
        String note = r.optionalText("note");
        String mergedInto = r.optionalId("mergedInto");
        return r.build(() -> new Receipt(alarmId, state, at, by, note, mergedInto));
    }
}
