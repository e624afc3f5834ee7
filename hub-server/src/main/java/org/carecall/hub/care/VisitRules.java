package org.carecall.hub.care;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.carecall.hub.community.Resident.RiskLevel;

/**
 * When a visit falls due and how urgent it is, counted in the community's time zone: a cadence visit is due
 * at the start of the day {@code visitDays[tier]} days after the day of the last visit that found her (or the
 * day the file was made); a retry at the start of the day {@code notHomeRetryDays} after the day nobody was
 * home; an event visit {@code eventVisitHours} after the change was recorded.
 *
 * <p>Urgency is how late a task is against its own rhythm (days overdue over the days its kind allows), so
 * a weekly resident one day late comes before a monthly one two days late; at equal urgency the higher
 * tier comes first, then the longer overdue.
 */
public final class VisitRules {
    private VisitRules() {
    }

    public static Instant cadenceDue(Instant lastSeen, ZoneId zone, int days) {
        return startOf(day(lastSeen, zone).plusDays(days), zone);
    }

    public static Instant retryDue(Instant notHome, ZoneId zone, int days) {
        return startOf(day(notHome, zone).plusDays(days), zone);
    }

    public static Instant eventDue(Instant recorded, int hours) {
        return recorded.plus(Duration.ofHours(hours));
    }

    /** Whole days between the day it fell due and today, in the community's time zone; 0 when due today or later. */
    public static int daysOverdue(Instant due, Instant now, ZoneId zone) {
        return (int) Math.max(0, ChronoUnit.DAYS.between(day(due, zone), day(now, zone)));
    }

    /** The first instant of tomorrow there: a task due before it is on today's list. */
    public static Instant endOfToday(Instant now, ZoneId zone) {
        return startOf(day(now, zone).plusDays(1), zone);
    }

    public static LocalDate day(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }

    public static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The days a task's kind allows: its tier's cadence, the retry's window, a day for an event. */
    public static int rhythmDays(String kind, RiskLevel tier, CarePolicy policy) {
        return switch (kind) {
            case "CADENCE" -> policy.daysFor(tier == null ? RiskLevel.LOW : tier);
            case "RETRY" -> policy.notHomeRetryDays();
            default -> Math.max(1, (policy.eventVisitHours() + 23) / 24); // EVENT, and kinds of a newer node
        };
    }

    /** What Today sorts by. */
    public record Urgency(int daysOverdue, int rhythmDays, RiskLevel tier, Instant dueAt, String name) {
        double late() {
            return (double) daysOverdue / Math.max(1, rhythmDays);
        }
    }

    /** Most urgent first; at equal urgency HIGH before MEDIUM before LOW, then the longer overdue, the earlier due. */
    public static final Comparator<Urgency> MOST_URGENT_FIRST = Comparator
            .comparingDouble(Urgency::late).reversed()
            .thenComparing(urgency -> urgency.tier() == null ? RiskLevel.LOW.ordinal() + 1 : urgency.tier().ordinal())
            .thenComparing(Comparator.comparingInt(Urgency::daysOverdue).reversed())
            .thenComparing(Urgency::dueAt)
            .thenComparing(urgency -> urgency.name() == null ? "" : urgency.name());
}
