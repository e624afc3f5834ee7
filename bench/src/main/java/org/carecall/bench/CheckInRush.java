package org.carecall.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.store.StoreSettings;

/**
 * {@code ./carecall bench checkin-rush}: 10,000 residents whose daily 平安 check-in falls due in the same
 * minute and nobody presses. Every unit is connected and heartbeating, the duty worker's console open.
 * Measured: how long after the deadline each unit hears its reminder (the last one is the figure: within a
 * minute), and press to RECEIVED of calls pressed while the reminders go out (one 30 s after the deadline
 * above all) against the usual, measured just before the deadline.
 *
 * <p>The hub runs on the real clock, as in production: the deadline is the first whole minute at least
 * {@code lead} after the plans are saved, long enough for the hub process to start and every unit to connect
 * (the report says how much time was left). The hub's own sweep, every 30 s, finds the steps.
 */
final class CheckInRush {
    private static final int HEARTBEAT_S = 30;
    private static final int USUAL_CALLS = 40;
    private static final int RUSH_SECONDS = 60;
    private static final int RUSH_CALL_EVERY_S = 2;
    private static final int CALL_AT_S = 30;

    private final boolean quick;
    private final Path work;

    CheckInRush(boolean quick, Path work) {
        this.quick = quick;
        this.work = work;
    }

    Report run(StoreSettings store, String name, String profile) throws Exception {
        int devices = quick ? 1_000 : 10_000;
        Duration lead = Duration.ofSeconds(quick ? 60 : 150);
        Report report = new Report(name, profile);
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g", store, lead); Swarm swarm = new Swarm(2);
             StaffClient staff = StaffClient.login(hub.httpUrl(), HubUnderBench.DUTY_USER, HubUnderBench.DUTY_PASSWORD)) {
            DeviceSwarm units = Scenarios.connect(hub, swarm, report);
            units.heartbeat(HEARTBEAT_S);
            staff.listen((alarmId, at) -> {
                if (units.pressedAt().containsKey(alarmId)) {
                    staff.acknowledge(alarmId); // Wang takes each call, as in the idle scenario
                }
            });
            List<MqttPeer> connected = units.peers().stream().filter(MqttPeer::connected).toList();
            Instant deadline = hub.checkInDeadline();
            long deadlineNanos = System.nanoTime() + Duration.between(Instant.now(), deadline).toNanos();
            report.figure("check-in plans due at once", devices);
            report.figure("time left from every unit connected to the deadline (s)",
                    (deadlineNanos - System.nanoTime()) / 1e9);

            // The usual, before the deadline: warm-up calls first (not measured), then a measured stretch.
            Scenarios.pressAtRate(units, connected, 100, 50);
            Scenarios.awaitAll(units, 30);
            Latency usual = new Latency("usual: press to RECEIVED before the deadline");
            units.measureInto(usual);
            Scenarios.pressAtRate(units, connected, USUAL_CALLS, 10);
            Scenarios.awaitAll(units, 30);
            if (System.nanoTime() > deadlineNanos) {
                report.note("The deadline came before the usual calls were done: raise the lead; these figures are not"
                        + " the rush's.");
            }

            sleepUntil(deadlineNanos);
            HubUnderBench.Work before = hub.work();
            Latency rush = new Latency("during the rush: press to RECEIVED, a call every " + RUSH_CALL_EVERY_S
                    + " s for " + RUSH_SECONDS + " s from the deadline");
            Latency at30 = new Latency("the call pressed " + CALL_AT_S + " s after the deadline: press to RECEIVED");
            for (int second = 0; second < RUSH_SECONDS; second += RUSH_CALL_EVERY_S) {
                sleepUntil(deadlineNanos + TimeUnit.SECONDS.toNanos(second));
                units.measureInto(second == CALL_AT_S ? at30 : rush);
                units.press(connected.get(ThreadLocalRandom.current().nextInt(connected.size())));
                Scenarios.awaitAll(units, 10); // its receipt lands in its own histogram
            }
            sleepUntil(deadlineNanos + TimeUnit.SECONDS.toNanos(RUSH_SECONDS));
            HubUnderBench.Work after = hub.work();
            boolean all = Scenarios.waitFor(() -> units.spokenAt().size() >= connected.size(), 120);

            Latency reminders = new Latency("deadline to the reminder at the unit");
            units.spokenAt().values().forEach(at -> reminders.record(deadlineNanos, Math.max(at, deadlineNanos)));
            report.latency(usual);
            report.latency(at30);
            report.latency(rush);
            report.latency(reminders);
            report.figure("units that heard a reminder", units.spokenAt().size() + " of " + connected.size()
                    + (all ? "" : " (not all within 3 minutes of the deadline)"));
            report.figure("last reminder at its unit, after the deadline (s)", reminders.maxMillis() / 1000);
            report.figure("call at +" + CALL_AT_S + " s / usual p50", at30.millisAt(50) / usual.millisAt(50));
            report.figure("rush p50 / usual p50", rush.millisAt(50) / usual.millisAt(50));
            report.figure("hub: CPU in the minute from the deadline (% of one core)",
                    100 * (after.cpuSeconds() - before.cpuSeconds()) / RUSH_SECONDS);
            after.cpuSecondsByPart(before).forEach((part, seconds) ->
                    report.figure("hub: CPU in that minute, " + part + " (s)", seconds));
            report.note("Targets: every reminder within a minute of the deadline; the call pressed "
                    + CALL_AT_S + " s after it RECEIVED within twice the usual p50.");
            Scenarios.countLosses(hub, units, report);
            Scenarios.hubFigures(hub, report);
        }
        return report;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
