package org.carecall.protocol;

import java.time.Instant;
import java.time.YearMonth;
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
        Instant usual = usualForm(text);
        return usual != null ? usual : Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The form every unit sends, {@code uuuu-MM-ddTHH:mm:ss.SSSZ}, read digit by digit (every message carries
     * a time, and the general parser makes a dozen objects for it); null for any other text, which the
     * general parser reads or refuses.
     */
    private static Instant usualForm(String text) {
        if (text == null || text.length() != 24 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = digits(text, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0) {
            return null;
        }
        YearMonth yearMonth = YearMonth.of(year, month);
        if (day > yearMonth.lengthOfMonth()) {
            return null;
        }
        long days = yearMonth.atDay(day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    /** The decimal number of {@code count} digits at {@code from}; -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
