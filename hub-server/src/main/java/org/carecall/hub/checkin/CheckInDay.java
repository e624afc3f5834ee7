package org.carecall.hub.checkin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * One resident's check-in on one day, as stored. {@code state}: WAITING, MISSED (listed and still open) or
 * CONFIRMED; {@code missed} stays true once the day counted as missed, even after a late close ({@code late}).
 * {@code closedBy}: KEY, STAFF or FAMILY. {@code steps}: the ladder's steps already done for the day.
 */
public record CheckInDay(String residentId, LocalDate day, Instant deadlineAt, String state, boolean missed,
                         boolean late, Instant closedAt, String closedBy, String closerName, String relation,
                         String note, String claimedBy, String claimedName, Instant claimedAt, String alarmId,
                         Instant familyDueAt, Set<String> steps) {
    public static final String WAITING = "WAITING";
    public static final String MISSED = "MISSED";
    public static final String CONFIRMED = "CONFIRMED";

    public CheckInDay {
        steps = steps == null ? Set.of() : Set.copyOf(steps);
    }

    public boolean open() {
        return !CONFIRMED.equals(state);
    }

    /** A worker said "I'm on it": the ladder stops climbing. */
    public boolean claimed() {
        return claimedAt != null;
    }

    public CheckInDay withSteps(Set<String> done) {
        return new CheckInDay(residentId, day, deadlineAt, state, missed, late, closedAt, closedBy, closerName, relation,
                note, claimedBy, claimedName, claimedAt, alarmId, familyDueAt, done);
    }
}
