package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.Channel;

/**
 * {@code up/alarm}: a device reports an alarm. The id is made once by the device and kept on every
 * resend ({@code attempt} counts them), so the hub can store it exactly once. {@code repeatOf} names the
 * device's open alarm when the resident presses again.
 */
public record AlarmReport(String id, AlarmKind kind, String source, Instant raisedAt, long seq, int attempt,
                          boolean test, String repeatOf) implements Message {

    public AlarmReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }

    @Override
    public Channel channel() {
        return Channel.ALARM;
    }

    /** The same report as sent again: same id, one more attempt. */
    public AlarmReport resent() {
        return new AlarmReport(id, kind, source, raisedAt, seq, attempt + 1, test, repeatOf);
    }

    static AlarmReport read(PayloadReader r) {
        String id = r.requireId("id");
        AlarmKind kind = r.requireEnum("kind", AlarmKind.class);
        String source = r.optionalText("source");
        Instant raisedAt = r.requireInstant("raisedAt");
        long seq = r.requireLong("seq", 0, Long.MAX_VALUE);
        int attempt = r.requireInt("attempt", 1, Integer.MAX_VALUE);
        boolean test = r.optionalBoolean("test", false);
        String repeatOf = r.optionalId("repeatOf");
        if (kind != null && !kind.sentByDevices()) {
            r.problem("field 'kind' " + kind + " is raised by the hub only, not by devices");
        }
        return r.build(() -> new AlarmReport(id, kind, source, raisedAt, seq, attempt, test, repeatOf));
    }
}
