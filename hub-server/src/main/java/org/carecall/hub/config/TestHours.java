package org.carecall.hub.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The quiet hours in which weekly tests run. A test call at night is heard by a resident half asleep as
 * an emergency, so a unit is asked only inside this window, in its community's own time zone; and each
 * unit at its own minute of the window (from a hash of its id, within the first two thirds, leaving the
 * rest for retries), so a fleet's tests are spread over the day instead of all starting at its opening.
 */
public record TestHours(LocalTime from, LocalTime to) {
    /** The default: late morning to late afternoon, when residents are up and staff are at work. */
    public static final TestHours DAYTIME = new TestHours(LocalTime.of(10, 0), LocalTime.of(17, 0));

    public TestHours {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("test hours must start before they end, within one day: " + from + "-" + to);
        }
    }

    /** Reads {@code "10:00-17:00"}. */
    public static TestHours parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("test hours are written like 10:00-17:00, not '" + text + "'");
        }
        try {
            return new TestHours(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("test hours are written like 10:00-17:00, not '" + text + "'", e);
        }
    }

    /** Whether this unit may be asked at this local time: inside the window, at or past its own minute. */
    public boolean isTurnOf(String deviceId, LocalTime now) {
        return !now.isBefore(slotOf(deviceId)) && now.isBefore(to);
    }

    /** The unit's own minute of the window. */
    public LocalTime slotOf(String deviceId) {
        long spread = Math.max(1, Duration.between(from, to).toMinutes() * 2 / 3);
        return from.plusMinutes(Math.floorMod(deviceId.hashCode(), spread));
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
