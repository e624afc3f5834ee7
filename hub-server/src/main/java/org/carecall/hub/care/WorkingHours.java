package org.carecall.hub.care;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A community's office hours ("Mon-Fri 08:30-17:30", or days listed: "Mon,Wed,Fri 09:00-12:00") and its
 * holidays, and the moment a number of working hours after another moment, counted in the community's time
 * zone: time outside the hours, on other days and on the holidays does not count. Pure: no clock, no store.
 */
public record WorkingHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, Set<LocalDate> holidays) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z,\\-]+)\\s+(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})\\s*");
    private static final List<String> NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** Beyond this many days without a working hour the hours are taken as having none (no end is searched for). */
    private static final int FARTHEST_DAYS = 3 * 366;

    /** Reads the office hours and holidays ("2026-10-01"); throws IllegalArgumentException saying what is wrong. */
    public static WorkingHours of(String officeHours, Collection<String> holidays) {
        Matcher form = FORM.matcher(officeHours == null ? "" : officeHours);
        if (!form.matches()) {
            throw new IllegalArgumentException("office hours must read like 'Mon-Fri 08:30-17:30'");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : form.group(1).toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-");
            int from = NAMES.indexOf(range[0]);
            int to = range.length == 2 ? NAMES.indexOf(range[1]) : from;
            if (from < 0 || to < 0 || range.length > 2) {
                throw new IllegalArgumentException("office days must be Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range");
            }
            for (int day = from; ; day = (day + 1) % 7) {
                days.add(DayOfWeek.of(day + 1));
                if (day == to) {
                    break;
                }
            }
        }
        LocalTime opens;
        LocalTime closes;
        Set<LocalDate> off = new HashSet<>();
        try {
            opens = LocalTime.parse(pad(form.group(2)));
            closes = LocalTime.parse(pad(form.group(3)));
            for (String holiday : holidays == null ? List.<String>of() : holidays) {
                off.add(LocalDate.parse(holiday));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("times must be like 08:30 and holidays like 2026-10-01");
        }
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException("the office must open before it closes");
        }
        return new WorkingHours(days, opens, closes, off);
    }

    /** The moment {@code hours} working hours after {@code start}; far in the future when there are none. */
    public Instant after(Instant start, int hours, ZoneId zone) {
        Duration left = Duration.ofHours(hours);
        ZonedDateTime at = start.atZone(zone);
        for (int i = 0; i < FARTHEST_DAYS; i++) {
            LocalDate day = at.toLocalDate();
            if (days.contains(day.getDayOfWeek()) && !holidays.contains(day)) {
                ZonedDateTime open = day.atTime(opens).atZone(zone);
                ZonedDateTime close = day.atTime(closes).atZone(zone);
                ZonedDateTime from = at.isAfter(open) ? at : open;
                if (from.isBefore(close)) {
                    Duration today = Duration.between(from, close);
                    if (left.compareTo(today) <= 0) {
                        return from.plus(left).toInstant();
                    }
                    left = left.minus(today);
                }
            }
            at = day.plusDays(1).atStartOfDay(zone);
        }
        return Instant.MAX;
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }
}
