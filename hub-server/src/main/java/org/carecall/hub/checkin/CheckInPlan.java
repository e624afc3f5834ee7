package org.carecall.hub.checkin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A resident's daily 平安 check-in plan: on or off, the deadline in her community's time zone, and an away
 * period (both days included: in hospital, at her daughter's) during which nothing is expected.
 * {@code enabledAt}: a day whose deadline came before the plan was switched on is not expected.
 */
public record CheckInPlan(String residentId, boolean enabled, LocalTime deadline, LocalDate awayFrom,
                          LocalDate awayUntil, Instant enabledAt, Instant updatedAt, String updatedBy) {
    public static final LocalTime DEFAULT_DEADLINE = LocalTime.of(10, 0);

    public CheckInPlan {
        deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    }

    /** Whether she is away on that day. An away period with only a start runs on until it is given an end. */
    public boolean away(LocalDate day) {
        return awayFrom != null && !day.isBefore(awayFrom) && (awayUntil == null || !day.isAfter(awayUntil));
    }

    /** The day's deadline as an instant. */
    public Instant deadlineOn(LocalDate day, ZoneId zone) {
        return day.atTime(deadline).atZone(zone).toInstant();
    }

    /** Whether a check-in is expected on that day: the plan is on, she is not away, and it was on by the deadline. */
    public boolean expectsOn(LocalDate day, ZoneId zone) {
        return enabled && !away(day) && !deadlineOn(day, zone).isBefore(enabledAt);
    }
}
