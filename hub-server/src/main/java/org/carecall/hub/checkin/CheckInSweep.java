package org.carecall.hub.checkin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.carecall.hub.care.CareThread;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the check-in ladder: makes each expected day, then does each step the {@link CheckInLadder} finds
 * due, on a thread of its own (never the alarm path's, nor the hub's timers). Each step is claimed in the
 * store before it is done, so that with several hub nodes sweeping each reminder is spoken once, each call
 * raised once. A reminder goes only to a unit that is online; the call goes through the normal alarm intake
 * under an id made from the resident and the day, so a retry after a failure is the same call. Each full
 * pass also hands the plans to {@link CheckInKeys}, so units' configs follow plans changed on other nodes.
 * A pass knows when the next step of any day can come; until then, while no plan is saved on any node, a
 * sweep reads one row and stops, and a full pass comes at least every {@link #FULL_PASS_AT_LEAST}.
 */
public final class CheckInSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInSweep.class);
    private static final int GROUP = 20;
    /** Open days older than this are left as they are: missed, on the list, for people to close. */
    private static final int DAYS_BACK = 2;
    private static final Duration FIRST = Duration.ofSeconds(15);
    // A reminder at 10:00 is spoken by 10:00:30: often enough for a deadline, rare enough for an idle hub.
    private static final Duration EVERY = Duration.ofSeconds(30);
    /**
     * The longest a sweep goes without a full pass while no plan changes and nothing falls due: what it
     * cannot see from afar (a unit installed for a resident with a plan, a community's times changed) is
     * acted on within this.
     */
    static final Duration FULL_PASS_AT_LEAST = Duration.ofMinutes(5);

    private final CheckIns checkIns;
    private final Homes homes;
    private final CheckInUnits units;
    private final CheckInDesk desk;
    private final CheckInKeys keys;
    private final FamilyStep family;
    private final Clock clock;
    private final CareThread thread = new CareThread("care-check-in-sweep");
    // The sweep's own, from one pass to the next: until when nothing is due, and the plans as they were seen.
    private Instant quietUntil = Instant.MIN;
    private Instant fullAt = Instant.MIN;
    private String plansSeen = "";
    private boolean again; // a step failed in this pass and is tried at the next

    public CheckInSweep(CheckIns checkIns, Homes homes, CheckInUnits units, CheckInDesk desk, CheckInKeys keys,
                        Clock clock) {
        this(checkIns, homes, units, desk, keys, FamilyStep.NOBODY, clock);
    }

    public CheckInSweep(CheckIns checkIns, Homes homes, CheckInUnits units, CheckInDesk desk, CheckInKeys keys,
                        FamilyStep family, Clock clock) {
        this.family = family;
        this.checkIns = checkIns;
        this.homes = homes;
        this.units = units;
        this.desk = desk;
        this.keys = keys;
        this.clock = clock;
    }

    public void start() {
        start(FIRST, EVERY);
    }

    public void start(Duration first, Duration every) {
        thread.start(this::sweep, first, every);
    }

    /**
     * One pass: the days made and the steps done. A pass while nothing can be due (no plan saved since the
     * last full one, no step's time come, the last full one not long ago) reads one row and does nothing.
     */
    public int sweep() throws StoreException {
        Instant now = clock.instant();
        String plansNow = checkIns.plansChanged();
        if (now.isBefore(quietUntil) && !now.isBefore(fullAt) && plansNow.equals(plansSeen)) {
            return 0;
        }
        quietUntil = Instant.MIN; // a pass that fails half way is made in full again
        fullAt = now;
        again = false;
        Map<String, CheckInPlan> plans = checkIns.enabledPlans();
        keys.refresh(plans); // a plan changed on another node reaches her unit's config from here too
        Instant next = now.plus(FULL_PASS_AT_LEAST);
        Days days = makeDays(plans, now);
        next = earliest(next, Optional.of(days.nextMidnight()));
        int done = days.made();
        LocalDate since = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS_BACK);
        for (CheckInDay day : checkIns.openDays(since, now)) {
            CheckInPlan plan = plans.get(day.residentId());
            Optional<Homes.Home> home = homes.of(day.residentId());
            if (plan == null || plan.away(day.day()) || home.isEmpty()) {
                continue; // switched off or away since the day was made: nothing climbs
            }
            for (CheckInLadder.Step step : CheckInLadder.due(day, home.get().times(), now)) {
                done += step(day, step, home.get());
            }
            next = earliest(next, CheckInLadder.nextAfter(day, home.get().times(), now));
        }
        quietUntil = again ? Instant.MIN : earliest(next, checkIns.nextDeadline(since, now));
        plansSeen = plansNow;
        return done;
    }

    private static Instant earliest(Instant next, Optional<Instant> other) {
        return other.filter(at -> at.isBefore(next)).orElse(next);
    }

    /** The days a pass made, and the first local midnight to come in any of the plans' homes. */
    private record Days(int made, Instant nextMidnight) {
    }

    private Days makeDays(Map<String, CheckInPlan> plans, Instant now) throws StoreException {
        Map<LocalDate, Set<String>> made = new HashMap<>();
        List<CheckIns.NewDay> group = new ArrayList<>();
        int count = 0;
        Instant nextMidnight = now.plus(Duration.ofDays(1));
        for (CheckInPlan plan : plans.values()) {
            Optional<Homes.Home> home = homes.of(plan.residentId());
            if (home.isEmpty()) {
                continue;
            }
            LocalDate today = LocalDate.ofInstant(now, home.get().zone());
            Instant tomorrow = today.plusDays(1).atStartOfDay(home.get().zone()).toInstant();
            nextMidnight = tomorrow.isBefore(nextMidnight) ? tomorrow : nextMidnight;
            Set<String> known = made.get(today);
            if (known == null) {
                known = checkIns.daysMade(today);
                made.put(today, known);
            }
            if (!known.contains(plan.residentId()) && plan.expectsOn(today, home.get().zone())) {
                group.add(new CheckIns.NewDay(plan.residentId(), today, plan.deadlineOn(today, home.get().zone())));
                if (group.size() == GROUP) {
                    count += checkIns.makeDays(List.copyOf(group)).join();
                    group.clear();
                }
            }
        }
        if (!group.isEmpty()) {
            count += checkIns.makeDays(group).join();
        }
        return new Days(count, nextMidnight);
    }

    /** Claims one step and does it: 1 if this node did it, 0 if another had. */
    private int step(CheckInDay day, CheckInLadder.Step step, Homes.Home home) throws StoreException {
        String device = home.deviceId();
        String outcome = switch (step.kind()) {
            case REMIND -> !step.act() ? "LATE" : device == null ? "NO-UNIT" : units.online(device) ? "SENT" : "OFFLINE";
            case RING -> device == null ? "NO-UNIT" : "RAISED";
            case LIST, FAMILY -> "DONE";
        };
        // The family's messages are decided first and stored in the claim's transaction: told once, or not at all.
        Alongside letters = step.kind() == CheckInLadder.Kind.FAMILY ? family.decide(day) : Alongside.NONE;
        if (!checkIns.claimStep(day.residentId(), day.day(), step, outcome, letters).join()) {
            return 0;
        }
        letters.committed();
        if ("SENT".equals(outcome)) {
            units.remind(device).join();
        } else if ("RAISED".equals(outcome)) {
            ring(day, step, home);
        }
        log.info("check-in of {} on {}: {} {}{}", day.residentId(), day.day(), step.key(), outcome,
                step.kind() == CheckInLadder.Kind.FAMILY ? " (" + letters.count() + " family messages)" : "");
        return 1;
    }

    private void ring(CheckInDay day, CheckInLadder.Step step, Homes.Home home) {
        String note = "no 平安 check-in by " + day.deadlineAt() + " and nobody said they are on it";
        try {
            String alarmId = units.ring(home.deviceId(), callId(day), note).join();
            // A close that came while the call was being raised did not see it: close it now.
            checkIns.callRaised(day.residentId(), day.day(), alarmId).join().filter(after -> !after.open())
                    .ifPresent(closed -> desk.closeCall(closed, closed.closedBy()).join());
        } catch (RuntimeException e) {
            log.error("could not raise the check-in call of {} on {} ({}); the next sweep tries again", day.residentId(),
                    day.day(), e.getMessage());
            again = true;
            checkIns.releaseStep(day.residentId(), day.day(), step.key()).join();
        }
    }

    /** The call's id for a resident's day: the same on every node and every try. */
    static String callId(CheckInDay day) {
        return UUID.nameUUIDFromBytes(("check-in:" + day.residentId() + ":" + day.day())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void close() {
        thread.close();
    }
}
