package org.carecall.hub.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A stretch of duty in the site's own time zone: every week on a weekday, or once on a date, or (OFF) a
 * date on which the staff member's weekly shifts do not apply. A shift whose end is not after its start
 * runs past midnight. {@code areaId} null means the whole site.
 */
public record Shift(String id, String staffId, String areaId, Kind kind, DayOfWeek weekday, LocalDate onDate,
                    LocalTime starts, LocalTime ends) {

    public enum Kind { WEEKLY, ONE_OFF, OFF }

    public boolean crossesMidnight() {
        return !ends.isAfter(starts);
    }

    /** Whether the shift, begun on {@code day}, covers {@code time} on that day or (past midnight) the next. */
    boolean covers(LocalDate day, LocalDate today, LocalTime time) {
        if (day.equals(today)) {
            return !time.isBefore(starts) && (crossesMidnight() || time.isBefore(ends));
        }
        return crossesMidnight() && day.plusDays(1).equals(today) && time.isBefore(ends);
    }

    /** Whether this shift is held on {@code day} (before any OFF day is taken into account). */
    boolean heldOn(LocalDate day) {
        return switch (kind) {
            case WEEKLY -> day.getDayOfWeek() == weekday;
            case ONE_OFF, OFF -> day.equals(onDate);
        };
    }
}
