package org.carecall.hub.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmMove;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
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
    private final AlarmStore store;
    private volatile java.util.function.BooleanSupplier inCharge; // null: the only hub node
    private final Clock clock;
    private final Duration window;
    private volatile Instant startedAt;
    /** Device id to the id of its open DEVICE_OFFLINE alarm ({@link #PENDING} while it is being stored). */
    private final Map<String, String> offline = new ConcurrentHashMap<>();

    public Supervision(DevicePresence presence, AlarmIntake intake, AlarmStore store, Clock clock, Duration window)
            throws StoreException {
        this.presence = presence;
        this.intake = intake;
        this.store = store;
        this.clock = clock;
        this.window = window;
        this.startedAt = clock.instant();
        readOpenOfflineAlarms();
    }

    /**
     * Several hub nodes share the store: only the node in charge tells of silent units, from when each was
     * last seen on any node, so that a unit held by another node is not taken for silent and one silence
     * is one alarm.
     */
    public void shareWithOtherNodes(java.util.function.BooleanSupplier inCharge) {
        this.inCharge = inCharge;
    }

    private void readOpenOfflineAlarms() throws StoreException {
        Map<String, String> open = new java.util.HashMap<>();
        store.openAlarms().stream()
                .filter(alarm -> alarm.kind() == AlarmKind.DEVICE_OFFLINE)
                .forEach(alarm -> open.put(alarm.deviceId(), alarm.id()));
        offline.entrySet().removeIf(entry -> !entry.getValue().equals(PENDING) && !open.containsKey(entry.getKey()));
        open.forEach((deviceId, alarmId) -> offline.merge(deviceId, alarmId,
                (kept, stored) -> kept.equals(PENDING) ? kept : stored));
    }

    /**
     * From now on, every unit gets a full window before it counts as silent, as after a restart: another
     * hub node stopped, and its units need time to find a living one.
     */
    public void graceFrom(Instant from) {
        if (from.isAfter(startedAt)) {
            startedAt = from;
        }
    }

    /** One pass over every device; run periodically. */
    public void sweep() {
        java.util.function.BooleanSupplier shared = inCharge;
        if (shared != null) {
            if (!shared.getAsBoolean()) {
                return;
            }
            try {
                presence.readLastSeen(); // units held by other nodes were seen there
                readOpenOfflineAlarms(); // raised or resolved by the node in charge before this one
            } catch (StoreException e) {
                log.warn("supervision: could not read what the other hub nodes saw: {}", e.getMessage());
                return;
            }
        }
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
        var entry = AlarmMove.BACK_ONLINE.entry(clock.instant(), "hub", "supervision", "the device is sending again");
        intake.move(deviceId, alarmId, AlarmMove.BACK_ONLINE, entry).whenComplete((updated, failure) -> {
            if (failure != null) {
                offline.put(deviceId, alarmId); // try again on the next sweep
            } else {
                log.info("device {} is back; DEVICE_OFFLINE alarm {} resolved", deviceId, alarmId);
                offline.remove(deviceId, PENDING);
            }
        });
    }
}
