package org.carecall.protocol.message;

import java.time.LocalTime;
import java.util.Objects;
import org.carecall.protocol.Channel;

/**
 * {@code down/config}: behaviour settings for a device, versioned so the hub can tell when a device is
 * behind. Pin wiring is not here: it belongs to the device's own configuration.
 */
public record DeviceConfig(int version, int heartbeatS, Inactivity inactivity, NightDoor nightDoor,
                           Feedback feedback) implements Message {

    /** Raise INACTIVITY when no motion is seen for {@code hours} within the day window. */
    public record Inactivity(boolean enabled, int hours, LocalTime from, LocalTime to) {
        public Inactivity {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        static Inactivity read(PayloadReader r) {
            boolean enabled = r.requireBoolean("enabled");
            int hours = r.requireInt("hours", 1, 72);
            LocalTime from = r.requireTimeOfDay("from");
            LocalTime to = r.requireTimeOfDay("to");
            return r.build(() -> new Inactivity(enabled, hours, from, to));
        }
    }

    /** Raise DOOR_AT_NIGHT when the door opens within the night window (which may span midnight). */
    public record NightDoor(boolean enabled, LocalTime from, LocalTime to) {
        public NightDoor {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        static NightDoor read(PayloadReader r) {
            boolean enabled = r.requireBoolean("enabled");
            LocalTime from = r.requireTimeOfDay("from");
            LocalTime to = r.requireTimeOfDay("to");
            return r.build(() -> new NightDoor(enabled, from, to));
        }
    }

    /** The language of spoken prompts (such as {@code zh-CN} or {@code en}) and their volume in percent. */
    public record Feedback(String voice, int volume) {
        public Feedback {
            Objects.requireNonNull(voice, "voice");
        }

        static Feedback read(PayloadReader r) {
            String voice = r.requireText("voice");
            int volume = r.requireInt("volume", 0, 100);
            return r.build(() -> new Feedback(voice, volume));
        }
    }

    @Override
    public Channel channel() {
        return Channel.CONFIG;
    }

    static DeviceConfig read(PayloadReader r) {
        int version = r.requireInt("version", 0, Integer.MAX_VALUE);
        int heartbeatS = r.requireInt("heartbeatS", 5, 3600);
        Inactivity inactivity = r.optionalObject("inactivity", Inactivity::read);
        NightDoor nightDoor = r.optionalObject("nightDoor", NightDoor::read);
        Feedback feedback = r.optionalObject("feedback", Feedback::read);
        return r.build(() -> new DeviceConfig(version, heartbeatS, inactivity, nightDoor, feedback));
    }
}
