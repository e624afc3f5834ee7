package org.carecall.hub;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's periodic work, each on the thread that suits it. A periodic task that throws is never run
 * again by its executor, so each one that may fail is guarded: a failure is logged and the next round runs.
 */
final class HubTimers {
    private static final Logger log = LoggerFactory.getLogger(HubTimers.class);
    // At most this long between writes of when units were seen; other hub nodes supervise from them.
    private static final Duration PRESENCE_FLUSH = Duration.ofSeconds(10);
    /** How often counted refusals are written: a flood of them is a few writes, not one per attempt. */
    private static final Duration REFUSAL_FLUSH = Duration.ofSeconds(2);
    private static final Duration WEEKLY_TEST_SWEEP = Duration.ofMinutes(1);

    private HubTimers() {
    }

    /**
     * {@code sessionChecks} asks the store whether open consoles' sessions still stand: apart from the
     * other timers, so a slow store never delays a sweep.
     */
    static void start(Hub hub, ScheduledExecutorService timers, ScheduledExecutorService sessionChecks) {
        var config = hub.config();
        var units = hub.units();
        var calls = hub.calls();
        var audit = hub.people().audit();
        long sweepS = config.supervision.sweepS;
        timers.scheduleWithFixedDelay(guarded("the supervision sweep", units.supervision()::sweep), sweepS, sweepS,
                TimeUnit.SECONDS);
        // Sessions ended on another node or from the command line: their consoles here close within moments.
        sessionChecks.scheduleWithFixedDelay(guarded("looking for consoles whose session ended", hub.live()::closeEnded),
                1, 1, TimeUnit.SECONDS);
        // At once, then periodically: whatever fell due while the hub was down fires now.
        calls.events().run(calls.escalation()::recover);
        timers.scheduleWithFixedDelay(() -> calls.events().run(calls.escalation()::sweep), 0, config.escalation.sweepMs,
                TimeUnit.MILLISECONDS);
        hub.care().start();
        hub.family().sender().start(); // every node sends: each message is claimed by one of them
        hub.family().told().start(); // every node sweeps: each message's key is stored once
        // Units are asked for their weekly test by one node: the one in charge, when several share the store.
        timers.scheduleWithFixedDelay(guarded("the weekly test sweep", () -> {
            if (hub.nodes().inCharge()) {
                units.weeklyTests().sweep();
            }
        }), WEEKLY_TEST_SWEEP.toSeconds(), WEEKLY_TEST_SWEEP.toSeconds(), TimeUnit.SECONDS);
        // A third of the silence window at most, so the node in charge never takes a stale row for silence.
        long flushS = Math.max(1, Math.min(PRESENCE_FLUSH.toSeconds(), config.supervision.offlineAfterS / 3));
        timers.scheduleWithFixedDelay(units.presence()::flush, flushS, flushS, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(audit::flushRefusals, REFUSAL_FLUSH.toMillis(), REFUSAL_FLUSH.toMillis(),
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guarded("forgetting old refusals", () -> audit.forgetRefusalsOlderThan(
                Duration.ofDays(config.limits.refusalRetentionDays))), 1, 60, TimeUnit.MINUTES);
    }

    private static Runnable guarded(String what, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
            }
        };
    }
}
