package org.carecall.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.carecall.protocol.Channel;

/**
 * {@code up/hello}: sent by a device after every connect, so the hub can bring it up to date.
 * {@code features} says what the unit's hardware has beyond the call button ({@link #CHECK_IN_KEY},
 * {@link #SERVICE_KEY}); absent means none, and names the hub does not know are kept but mean nothing.
 */
public record Hello(String fw, String hw, String bootId, int configVersion, int outbox, Instant at,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features) implements Message {

    /** The unit has the green 平安 key wired. */
    public static final String CHECK_IN_KEY = "check-in-key";
    /** The unit has the service key wired. */
    public static final String SERVICE_KEY = "service-key";
    private static final int MAX_FEATURES = 32;

    public Hello {
        Objects.requireNonNull(fw, "fw");
        Objects.requireNonNull(at, "at");
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** A hello from a unit with no features beyond the call button. */
    public Hello(String fw, String hw, String bootId, int configVersion, int outbox, Instant at) {
        this(fw, hw, bootId, configVersion, outbox, at, List.of());
    }

    /** Whether the unit says it has the given feature. */
    public boolean has(String feature) {
        return features.contains(feature);
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
        List<String> features = r.optionalTextList("features", MAX_FEATURES);
        return r.build(() -> new Hello(fw, hw, bootId, configVersion, outbox, at, features));
    }
}
