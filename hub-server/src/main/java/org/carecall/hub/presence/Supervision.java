package org.carecall.hub.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns silence into a technical alarm. A device that has been seen and then sends nothing for longer
 * than its window gets one DEVICE_OFFLINE call; when it speaks again, that call is resolved with a note.
 * After a hub restart every device gets a full window to come back before it counts as silent.
 */
public final class Supervision {
    private static final Logger log = LoggerFactory.getLogger(Supervision.class);
    private static final String PENDING = "";

    private final DevicePresence presence;
    private final AlarmIntake intake;
    private final Clock clock;
    private final Duration window;
    private final Instant startedAt;
    /** Device id to the id of its open DEVICE_OFFLINE alarm ({@link #PENDING} while it is being stored). */
    private final Map<String, String> offline = new ConcurrentHashMap<>();

    public Supervision(DevicePresence presence, AlarmIntake intake, AlarmStore store, Clock clock, Duration window)
            throws StoreException {
        this.presence = presence;
        this.intake = intake;
        this.clock = clock;
        this.window = window;
        this.startedAt = clock.instant();
        store.openAlarms().stream()
                .filter(alarm -> alarm.kind() == AlarmKind.DEVICE_OFFLINE)
                .forEach(alarm -> offline.put(alarm.deviceId(), alarm.id()));
    }

    /** One pass over every device; run periodically. */
    public void sweep() {
        Instant now = clock.instant();
        for (DeviceStatus status : presence.all()) {
            if (status.lastSeenAt() == null) {
                continue; // never installed: nothing to supervise yet
            }
            Instant lastSign = status.lastSeenAt().isAfter(startedAt) ? status.lastSeenAt() : startedAt;
            String alarmId = offline.get(status.deviceId());
            boolean silent = Duration.between(lastSign, now).compareTo(window) > 0;
            if (silent && alarmId == null) {
                raise(status);
            } else if (!silent && alarmId != null && !alarmId.equals(PENDING)) {
                resolve(status.deviceId(), alarmId);
            }
        }
    }

    private void raise(DeviceStatus status) {
        String deviceId = status.deviceId();
        offline.put(deviceId, PENDING);
        String note = "no message since " + status.lastSeenAt() + " (window " + window.toSeconds() + " s)";
        intake.raise(deviceId, AlarmKind.DEVICE_OFFLINE, note).whenComplete((alarm, failure) -> {
            if (failure != null) {
                log.error("could not store DEVICE_OFFLINE for {}: {}", deviceId, failure.getMessage());
                offline.remove(deviceId, PENDING); // try again on the next sweep
            } else {
                log.warn("device {} is silent: DEVICE_OFFLINE alarm {}", deviceId, alarm.id());
                offline.put(deviceId, alarm.id());
            }
        });
    }

    private void resolve(String deviceId, String alarmId) {
        offline.put(deviceId, PENDING);
        var entry = new AlarmStore.TimelineEntry(clock.instant(), AlarmState.RESOLVED.name(), "hub", "supervision",
                "the device is sending again");
        intake.transition(alarmId, deviceId, AlarmState.RESOLVED, entry).whenComplete((updated, failure) -> {
            if (failure != null) {
                offline.put(deviceId, alarmId); // try again on the next sweep
            } else {
                log.info("device {} is back; DEVICE_OFFLINE alarm {} resolved", deviceId, alarmId);
                offline.remove(deviceId, PENDING);
            }
        });
    }
}
