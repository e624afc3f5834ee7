package org.carecall.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;

/**
 * {@code down/ack}: the hub tells a device where one of its alarms stands. RECEIVED is sent only once
 * the alarm is committed; {@code by} names the person who took the call; {@code mergedInto} names the
 * open alarm a repeat press was counted on. {@code unreached}: nobody has taken the call and its last
 * escalation step reached nobody, so the unit tells the resident to phone for help; written only when true.
 */
public record Receipt(String alarmId, AlarmState state, Instant at, String by, String note, String mergedInto,
                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unreached)
        implements Message {

    public Receipt {
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    public Receipt(String alarmId, AlarmState state, Instant at, String by, String note, String mergedInto) {
        this(alarmId, state, at, by, note, mergedInto, false);
    }

    public static Receipt of(String alarmId, AlarmState state, Instant at) {
        return new Receipt(alarmId, state, at, null, null, null);
    }

    /** Where a call nobody has taken stands, and whether it reached nobody. */
    public static Receipt of(String alarmId, AlarmState state, Instant at, boolean unreached) {
        return new Receipt(alarmId, state, at, null, null, null, unreached);
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
        boolean unreached = r.optionalBoolean("unreached", false);
        return r.build(() -> new Receipt(alarmId, state, at, by, note, mergedInto, unreached));
    }
}
