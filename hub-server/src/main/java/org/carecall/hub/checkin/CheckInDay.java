package org.carecall.hub.checkin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * One resident's check-in on one day, as stored. {@code state}: WAITING, MISSED (listed and still open) or
 * CONFIRMED, kept as written (a newer node's state passes through); {@code missed} stays true once the day
 * counted as missed, even after a late close ({@code late}).
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

    /** The states still open, as SQL for the store's owner: a state a newer node wrote is none of them. */
    static final String OPEN_SQL = "state IN ('" + WAITING + "', '" + MISSED + "')";

    /** Waiting or missed; a state a newer node wrote is neither open nor confirmed, and no sweep climbs it. */
    public boolean open() {
        return WAITING.equals(state) || MISSED.equals(state);
    }

    public boolean confirmed() {
        return CONFIRMED.equals(state);
    }

    /** The state as views show it: UNKNOWN for a state a newer node wrote. */
    public String shownState() {
        return open() || confirmed() ? state : "UNKNOWN";
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
