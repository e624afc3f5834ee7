package org.carecall.hub.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.config.TestHours;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.CommandName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly test every unit must pass (JGJ/T 484 asks for alarm buttons to be checked weekly). The hub
 * asks each connected unit whose last pass is older than the interval for a TEST_CALL; the unit raises a
 * test call through its own outbox and link, exactly as a real press travels; when that call is stored
 * the unit has passed, and the hub closes the call itself, so tests never ring staff. A unit that does
 * not answer within the answer window has failed and is asked again later; the report lists every unit
 * that failed or is overdue, for the technicians.
 *
 * <p>Units are asked only inside the community's quiet hours ({@link TestHours}), each at its own minute,
 * and the unit says "this is the weekly test call" rather than "calling for help".
 *
 * <p>The result is derived from what is stored (test calls and TEST_CALL commands), not kept as a
 * separate flag, so it cannot drift from the history.
 */
public final class WeeklyTests {
    private static final Logger log = LoggerFactory.getLogger(WeeklyTests.class);

    /** Where a unit stands with its weekly test. */
    public enum Status { PASSED, WAITING, FAILED, OVERDUE }

    /** One unit's line in the report; {@code why} says in words what a technician should know. */
    public record DeviceTest(String deviceId, String label, String residentId, Status status, Instant lastPassedAt,
                             Instant lastRequestedAt, String why) {
    }

    /**
     * How often, how long a unit has to answer, how soon a failed unit is asked again, how many per sweep,
     * and the hours of the day tests may run in.
     */
    public record Settings(Duration every, Duration answerWithin, Duration retryAfter, int perSweep, TestHours hours) {
    }

    private final DeviceRegistry devices;
    private final DevicePresence presence;
    private final DeviceCommands commands;
    private final AlarmStore alarms;
    private final AlarmLifecycle lifecycle;
    private final Settings settings;
    private final UnitZones zones;
    private final Clock clock;

    public WeeklyTests(DeviceRegistry devices, DevicePresence presence, DeviceCommands commands,
                       AlarmStore alarms, AlarmLifecycle lifecycle, Settings settings, UnitZones zones, Clock clock) {
        this.devices = devices;
        this.presence = presence;
        this.commands = commands;
        this.alarms = alarms;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.zones = zones;
        this.clock = clock;
    }

    /** A test call that has arrived proves the path; the hub closes it so nobody is rung for it. */
    public void onEvent(HubEvent event) {
        if (event instanceof HubEvent.AlarmRaised raised && raised.alarm().test()) {
            // Not waited for: the event thread carries every console's news.
            lifecycle.closeTest(raised.alarm().id()).whenComplete((closed, failure) -> {
                if (failure != null) {
                    log.error("could not close the test call {}: {}", raised.alarm().id(), failure.getMessage());
                }
            });
        }
    }

    /** Asks the units that are due for a test; at most {@code perSweep} at a time, so a new fleet is spread out. */
    public int sweep() {
        try {
            Instant now = clock.instant();
            Set<String> busy = alarms.openAlarms().stream().filter(alarm -> !alarm.test()).map(Alarm::deviceId)
                    .collect(Collectors.toSet());
            List<DeviceTest> due = new ArrayList<>();
            for (DeviceTest test : report()) {
                if (due.size() < settings.perSweep() && isDue(test, now) && !busy.contains(test.deviceId()) // never interrupt a real call
                        && presence.status(test.deviceId()).map(DeviceStatus::online).orElse(false)
                        && settings.hours().isTurnOf(test.deviceId(), now.atZone(zones.of(test.deviceId())).toLocalTime())) {
                    due.add(test);
                }
            }
            for (DeviceTest test : due) {
                commands.send(test.deviceId(), CommandName.TEST_CALL, Map.of("reason", "weekly test")).join();
            }
            if (!due.isEmpty()) {
                log.info("weekly test asked of {} unit(s)", due.size());
            }
            return due.size();
        } catch (StoreException | RuntimeException e) {
            log.error("weekly test sweep failed: {}", e.getMessage(), e);
            return 0;
        }
    }

    /** Every unit that is not revoked, those with problems first. */
    public List<DeviceTest> report() throws StoreException {
        Map<String, Instant> passes = alarms.lastTestCalls();
        Map<String, DeviceCommands.Sent> requests = commands.latestOf(CommandName.TEST_CALL);
        Instant now = clock.instant();
        return devices.all().stream().filter(device -> !device.revoked())
                .map(device -> judge(device, passes.get(device.id()), requests.get(device.id()), now))
                .sorted(Comparator.comparing(DeviceTest::status).reversed().thenComparing(DeviceTest::deviceId))
                .toList();
    }

    /** The same report keyed by device id, for the device list. */
    public Map<String, DeviceTest> byDevice() throws StoreException {
        return report().stream().collect(Collectors.toMap(DeviceTest::deviceId, test -> test));
    }

    private DeviceTest judge(Device device, Instant lastPass, DeviceCommands.Sent request, Instant now) {
        boolean asked = request != null && (lastPass == null || request.sentAt().isAfter(lastPass));
        Status status;
        String why;
        if (asked && Boolean.FALSE.equals(request.ok())) {
            status = Status.FAILED;
            why = "the unit could not raise its test call: " + request.detailJson();
        } else if (asked && now.isBefore(request.sentAt().plus(settings.answerWithin()))) {
            status = Status.WAITING;
            why = "test call asked for at " + request.sentAt();
        } else if (asked) {
            status = Status.FAILED;
            why = "no test call arrived within " + settings.answerWithin().toMinutes() + " min of the request at "
                    + request.sentAt();
        } else if (lastPass != null && now.isBefore(lastPass.plus(settings.every()))) {
            status = Status.PASSED;
            why = "passed at " + lastPass;
        } else {
            status = Status.OVERDUE;
            why = lastPass == null ? "never tested" : "last passed at " + lastPass + ", more than "
                    + settings.every().toDays() + " days ago";
        }
        return new DeviceTest(device.id(), device.label(), device.residentId(), status, lastPass,
                request == null ? null : request.sentAt(), why);
    }

    private boolean isDue(DeviceTest test, Instant now) {
        return switch (test.status()) {
            case OVERDUE -> true;
            case FAILED -> !now.isBefore(test.lastRequestedAt().plus(settings.retryAfter()));
            case PASSED, WAITING -> false;
        };
    }
}
