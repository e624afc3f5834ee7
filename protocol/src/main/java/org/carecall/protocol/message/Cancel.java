package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.Channel;

/** {@code up/cancel}: the resident cancels an alarm (a long press of the cancel button). */
public record Cancel(String alarmId, Instant at) implements Message {

    public Cancel {
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Channel channel() {
        return Channel.CANCEL;
    }

    static Cancel read(PayloadReader r) {
        String alarmId = r.requireId("alarmId");
        Instant at = r.requireInstant("at");
        return r.build(() -> new Cancel(alarmId, at));
    }
}
