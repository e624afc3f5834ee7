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
 * under an id made from the resident and the day, so a retry after a failure is the same call. Each pass
 * also hands the plans to {@link CheckInKeys}, so units' configs follow plans changed on other nodes.
 */
public final class CheckInSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInSweep.class);
    private static final int GROUP = 20;
    /** Open days older than this are left as they are: missed, on the list, for people to close. */
    private static final int DAYS_BACK = 2;
    private static final Duration FIRST = Duration.ofSeconds(15);
    // A reminder at 10:00 is spoken by 10:00:30: often enough for a deadline, rare enough for an idle hub.
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final CheckIns checkIns;
    private final Homes homes;
    private final CheckInUnits units;
    private final CheckInDesk desk;
    private final CheckInKeys keys;
    private final FamilyStep family;
    private final Clock clock;
    private final CareThread thread = new CareThread("care-check-in-sweep");

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

    /** One pass: the days made and the steps done. */
    public int sweep() throws StoreException {
        Instant now = clock.instant();
        Map<String, CheckInPlan> plans = checkIns.enabledPlans();
        keys.refresh(plans); // a plan changed on another node reaches her unit's config from here too
        int done = makeDays(plans, now);
        for (CheckInDay day : checkIns.openDays(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS_BACK))) {
            CheckInPlan plan = plans.get(day.residentId());
            Optional<Homes.Home> home = homes.of(day.residentId());
            if (plan == null || plan.away(day.day()) || home.isEmpty()) {
                continue; // switched off or away since the day was made: nothing climbs
            }
            for (CheckInLadder.Step step : CheckInLadder.due(day, home.get().times(), now)) {
                done += step(day, step, home.get());
            }
        }
        return done;
    }

    private int makeDays(Map<String, CheckInPlan> plans, Instant now) throws StoreException {
        Map<LocalDate, Set<String>> made = new HashMap<>();
        List<CheckIns.NewDay> group = new ArrayList<>();
        int count = 0;
        for (CheckInPlan plan : plans.values()) {
            Optional<Homes.Home> home = homes.of(plan.residentId());
            if (home.isEmpty()) {
                continue;
            }
            LocalDate today = LocalDate.ofInstant(now, home.get().zone());
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
        return count;
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
