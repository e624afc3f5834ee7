package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.Channel;
import org.carecall.protocol.EventKind;

/** {@code up/event}: a sensor event that is not an alarm, such as motion seen or power restored. */
public record DeviceEvent(String id, EventKind kind, String source, Instant at) implements Message {

    public DeviceEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Channel channel() {
        return Channel.EVENT;
    }

    static DeviceEvent read(PayloadReader r) {
        String id = r.requireId("id");
        EventKind kind = r.requireEnum("kind", EventKind.class);
        String source = r.optionalText("source");
        Instant at = r.requireInstant("at");
        return r.build(() -> new DeviceEvent(id, kind, source, at));
    }
}
