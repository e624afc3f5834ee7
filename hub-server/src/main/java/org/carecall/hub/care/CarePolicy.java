package org.carecall.hub.care;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Resident.RiskLevel;

/**
 * A community's everyday-care policy: how many days may pass between visits for each tier (高风险 weekly,
 * 重点 monthly, 一般 quarterly), how soon a visit that found nobody home is tried again, how soon after a
 * recorded major change someone visits, the check-in and work-order times, and whether a resolved call is
 * told to the family. Fields a newer node adds
 * are ignored when read, so an older node keeps serving.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CarePolicy(Map<RiskLevel, Integer> visitDays, int notHomeRetryDays, int eventVisitHours,
                         CheckIn checkIn, WorkOrders workOrders, Family family) {
    public static final int MAX_VISIT_DAYS = 366;
    public static final int MAX_RETRY_DAYS = 30;
    public static final int MAX_EVENT_HOURS = 24 * 14;
    private static final Map<RiskLevel, Integer> DEFAULT_DAYS = Map.of(RiskLevel.HIGH, 7, RiskLevel.MEDIUM, 30,
            RiskLevel.LOW, 90);

    /** When a missed 平安 check-in is reminded, listed, rung and told to the family, in minutes after the deadline. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckIn(List<Integer> remindAfterMin, int listAfterMin, int ringAfterMin, int familyAfterMin) {
        /** The latest a step may come after the deadline: a day's ladder is over by the next day's. */
        public static final int MAX_MINUTES = 24 * 60;
        public static final int MAX_REMINDERS = 6;

        public CheckIn {
            remindAfterMin = remindAfterMin == null ? List.of() : remindAfterMin;
        }

        public static CheckIn defaults() {
            return new CheckIn(List.of(0, 10), 15, 120, 180);
        }
    }

    /**
     * A work order's office hours, when an unassigned one is flagged (in working hours: weekends and the
     * listed {@code holidays}, "2026-10-01", skipped) and when its follow-up call is due.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkOrders(String officeHours, int flagAfterWorkingHours, int followUpHours, List<String> holidays) {
        public static final int MAX_FLAG_HOURS = 200;
        public static final int MAX_FOLLOW_UP_HOURS = 24 * 30;

        public WorkOrders {
            officeHours = officeHours == null ? "Mon-Fri 08:30-17:30" : officeHours;
            flagAfterWorkingHours = flagAfterWorkingHours == 0 ? 4 : flagAfterWorkingHours;
            followUpHours = followUpHours == 0 ? 48 : followUpHours;
            holidays = holidays == null ? List.of() : List.copyOf(holidays);
        }

        public static WorkOrders defaults() {
            return new WorkOrders("Mon-Fri 08:30-17:30", 4, 48, List.of());
        }

        /** The office hours and holidays as a calculator of working hours (the policy was checked when saved). */
        public WorkingHours workingHours() {
            return WorkingHours.of(officeHours, holidays);
        }
    }

    /** What the community tells families besides updates, check-ins and the monthly summary: a resolved call (off by default). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Family(boolean callResolved) {
        public static Family defaults() {
            return new Family(false);
        }
    }

    public CarePolicy {
        Map<RiskLevel, Integer> days = new EnumMap<>(RiskLevel.class);
        days.putAll(DEFAULT_DAYS);
        if (visitDays != null) {
            visitDays.forEach((tier, value) -> {
                if (tier != null && value != null) {
                    days.put(tier, value);
                }
            });
        }
        visitDays = Map.copyOf(days);
        checkIn = checkIn == null ? CheckIn.defaults() : checkIn;
        workOrders = workOrders == null ? WorkOrders.defaults() : workOrders;
        family = family == null ? Family.defaults() : family;
    }

    /** The spec's defaults: weekly, monthly, quarterly; a retry within two days; a visit within 24 hours of a change. */
    public static CarePolicy defaults() {
        return new CarePolicy(DEFAULT_DAYS, 2, 24,
                CheckIn.defaults(), WorkOrders.defaults(), Family.defaults());
    }

    /** Days between visits for a tier. */
    public int daysFor(RiskLevel tier) {
        return visitDays.getOrDefault(tier, DEFAULT_DAYS.get(tier));
    }

    /** One thing wrong with a policy, by the field the console shows it beside. */
    public record Problem(String field, String code, String text, int min, int max) {
    }

    /** What is wrong with this policy; empty when it may be saved. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        for (RiskLevel tier : RiskLevel.values()) {
            int days = daysFor(tier);
            if (days < 1 || days > MAX_VISIT_DAYS) {
                problems.add(new Problem("visitDays." + tier.name(), "range", "'visitDays." + tier.name()
                        + "' must be from 1 to " + MAX_VISIT_DAYS + " days", 1, MAX_VISIT_DAYS));
            }
        }
        if (daysFor(RiskLevel.HIGH) > daysFor(RiskLevel.MEDIUM) || daysFor(RiskLevel.MEDIUM) > daysFor(RiskLevel.LOW)) {
            problems.add(new Problem("visitDays.HIGH", "tier-order", "a higher tier is visited at least as often as a"
                    + " lower one (HIGH <= MEDIUM <= LOW days)", 1, MAX_VISIT_DAYS));
        }
        if (notHomeRetryDays < 1 || notHomeRetryDays > MAX_RETRY_DAYS) {
            problems.add(new Problem("notHomeRetryDays", "range", "'notHomeRetryDays' must be from 1 to "
                    + MAX_RETRY_DAYS, 1, MAX_RETRY_DAYS));
        }
        if (eventVisitHours < 1 || eventVisitHours > MAX_EVENT_HOURS) {
            problems.add(new Problem("eventVisitHours", "range", "'eventVisitHours' must be from 1 to "
                    + MAX_EVENT_HOURS, 1, MAX_EVENT_HOURS));
        }
        checkInProblems(problems);
        workOrderProblems(problems);
        return problems;
    }

    /** Every step of the ladder comes at or after the deadline: nothing is due for a day before it. */
    private void checkInProblems(List<Problem> problems) {
        List<Integer> reminders = checkIn.remindAfterMin();
        if (reminders.size() > CheckIn.MAX_REMINDERS || reminders.stream().anyMatch(minutes -> minutes == null
                || minutes < 0 || minutes > CheckIn.MAX_MINUTES)) {
            problems.add(new Problem("checkIn.remindAfterMin", "range", "'checkIn.remindAfterMin' must be at most "
                    + CheckIn.MAX_REMINDERS + " reminders, each from 0 to " + CheckIn.MAX_MINUTES + " minutes after the deadline", 0,
                    CheckIn.MAX_MINUTES));
        }
        afterDeadline("listAfterMin", checkIn.listAfterMin(), problems);
        afterDeadline("ringAfterMin", checkIn.ringAfterMin(), problems);
        afterDeadline("familyAfterMin", checkIn.familyAfterMin(), problems);
    }

    private static void afterDeadline(String step, int minutes, List<Problem> problems) {
        if (minutes < 0 || minutes > CheckIn.MAX_MINUTES) {
            problems.add(new Problem("checkIn." + step, "range", "'checkIn." + step + "' must be from 0 to "
                    + CheckIn.MAX_MINUTES + " minutes after the deadline", 0, CheckIn.MAX_MINUTES));
        }
    }

    private void workOrderProblems(List<Problem> problems) {
        try {
            WorkingHours.of(workOrders.officeHours(), workOrders.holidays());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("workOrders.officeHours", "office-hours", "'workOrders.officeHours': "
                    + e.getMessage(), 0, 0));
        }
        if (workOrders.flagAfterWorkingHours() < 1 || workOrders.flagAfterWorkingHours() > WorkOrders.MAX_FLAG_HOURS) {
            problems.add(new Problem("workOrders.flagAfterWorkingHours", "range", "'workOrders.flagAfterWorkingHours'"
                    + " must be from 1 to " + WorkOrders.MAX_FLAG_HOURS, 1, WorkOrders.MAX_FLAG_HOURS));
        }
        if (workOrders.followUpHours() < 1 || workOrders.followUpHours() > WorkOrders.MAX_FOLLOW_UP_HOURS) {
            problems.add(new Problem("workOrders.followUpHours", "range", "'workOrders.followUpHours' must be from 1 to "
                    + WorkOrders.MAX_FOLLOW_UP_HOURS, 1, WorkOrders.MAX_FOLLOW_UP_HOURS));
        }
    }
}
