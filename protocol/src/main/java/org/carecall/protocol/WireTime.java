package org.carecall.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times on the wire: ISO-8601 in UTC with milliseconds, such as {@code 2026-11-22T08:15:30.125Z}. */
public final class WireTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WireTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /**
     * Reads an ISO-8601 instant. An offset other than Z is accepted and converted; anything finer than
     * a millisecond is dropped, since the contract carries milliseconds.
     */
    public static Instant parse(String text) throws DateTimeParseException {
        return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    }
}
