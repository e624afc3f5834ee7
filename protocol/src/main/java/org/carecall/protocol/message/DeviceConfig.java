package org.carecall.protocol.message;

import java.time.LocalTime;
import java.util.Objects;
import org.carecall.protocol.Channel;

/**
 * {@code down/config}: behaviour settings for a device, versioned so the hub can tell when a device is
 * behind. Pin wiring is not here: it belongs to the device's own configuration.
 *
 * <p>The two everyday keys ({@code checkIn}, {@code serviceKey}) are off when absent: a unit sends
 * CHECK_IN or SERVICE_REQUEST only while its config enables that key, so a hub that does not know the
 * keys never sees the kinds, and an older unit simply ignores the two fields.
 */
public record DeviceConfig(int version, int heartbeatS, Inactivity inactivity, NightDoor nightDoor,
                           Feedback feedback, CheckIn checkIn, ServiceKey serviceKey) implements Message {

    /** Settings without the everyday keys (both off). */
    public DeviceConfig(int version, int heartbeatS, Inactivity inactivity, NightDoor nightDoor, Feedback feedback) {
        this(version, heartbeatS, inactivity, nightDoor, feedback, null, null);
    }

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

    /**
     * The green 平安 key: whether the unit sends CHECK_IN, and by when in the day the hub expects it (the
     * community's local time; the unit only tells the resident, the hub keeps the ladder). An enabled
     * check-in always carries its deadline.
     */
    public record CheckIn(boolean enabled, LocalTime deadline) {
        public static final CheckIn OFF = new CheckIn(false, null);

        public CheckIn {
            if (enabled) {
                Objects.requireNonNull(deadline, "deadline");
            }
        }

        static CheckIn read(PayloadReader r) {
            boolean enabled = r.requireBoolean("enabled");
            LocalTime deadline = enabled ? r.requireTimeOfDay("deadline") : r.optionalTimeOfDay("deadline");
            return r.build(() -> new CheckIn(enabled, deadline));
        }
    }

    /** The service key: whether the unit sends SERVICE_REQUEST (the hub opens a work order for each). */
    public record ServiceKey(boolean enabled) {
        public static final ServiceKey OFF = new ServiceKey(false);

        static ServiceKey read(PayloadReader r) {
            boolean enabled = r.requireBoolean("enabled");
            return r.build(() -> new ServiceKey(enabled));
        }
    }

    /** Whether the unit may send CHECK_IN now. */
    public boolean checkInEnabled() {
        return checkIn != null && checkIn.enabled();
    }

    /** Whether the unit may send SERVICE_REQUEST now. */
    public boolean serviceKeyEnabled() {
        return serviceKey != null && serviceKey.enabled();
    }

    /** The same settings with the everyday keys as given (null: leave the field out, which means off). */
    public DeviceConfig withKeys(CheckIn checkIn, ServiceKey serviceKey) {
        return new DeviceConfig(version, heartbeatS, inactivity, nightDoor, feedback, checkIn, serviceKey);
    }

    /** The same settings under another version number. */
    public DeviceConfig withVersion(int version) {
        return new DeviceConfig(version, heartbeatS, inactivity, nightDoor, feedback, checkIn, serviceKey);
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
        CheckIn checkIn = r.optionalObject("checkIn", CheckIn::read);
        ServiceKey serviceKey = r.optionalObject("serviceKey", ServiceKey::read);
        return r.build(() -> new DeviceConfig(version, heartbeatS, inactivity, nightDoor, feedback, checkIn,
                serviceKey));
    }
}
