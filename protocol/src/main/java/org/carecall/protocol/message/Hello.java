package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.Channel;

/** {@code up/hello}: sent by a device after every connect, so the hub can bring it up to date. */
public record Hello(String fw, String hw, String bootId, int configVersion, int outbox, Instant at)
        implements Message {

    public Hello {
        Objects.requireNonNull(fw, "fw");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Channel channel() {
        return Channel.HELLO;
    }

    static Hello read(PayloadReader r) {
        String fw = r.requireText("fw");
        String hw = r.optionalText("hw");
        String bootId = r.optionalText("bootId");
        int configVersion = r.requireInt("configVersion", 0, Integer.MAX_VALUE);
        int outbox = r.requireInt("outbox", 0, Integer.MAX_VALUE);
        Instant at = r.requireInstant("at");
        return r.build(() -> new Hello(fw, hw, bootId, configVersion, outbox, at));
    }
}
