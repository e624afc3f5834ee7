package org.carecall.hub.alarm;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Cancel;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hop from a device's alarm report to a stored call. Validates the report, hands it to the store,
 * and answers with the {@link Receipt} the device must hear, which is never RECEIVED before the store has
 * committed.
 *
 * <p>Fail-safe: a report on a known device's alarm channel that cannot be read is still raised, as kind
 * UNKNOWN with the reason recorded, because garbage from an alarm button is a reason to send someone.
 * Its id is the device's own when that much can be read, and otherwise derived from the bytes, so that
 * resends of the same garbage are still stored once.
 */
public final class AlarmIntake {
    private static final Logger log = LoggerFactory.getLogger(AlarmIntake.class);
    private final AlarmStore store;
    private final CallNews news;
    private final HubMetrics metrics;
    private final Clock clock;
    private final PayloadCodec codec = new PayloadCodec();
    /** The unit a rehearsed call comes from when none is registered: no real unit has this id. */
    private static final String REHEARSAL_UNIT = "(rehearsal)";

    /** Enough rounds for the JIT's first tier to compile the path (it does at 200 calls); the store's are slower. */
    private static final int REHEARSAL_ROUNDS = 300;
    private static final int REHEARSAL_STORE_ROUNDS = 100;

    private final FirstSteps.Planner firstSteps;

    /**
     * {@code firstSteps}: escalation's plan of a new call's first steps, made before it is stored so that
     * they commit with it.
     */
    public AlarmIntake(AlarmStore store, CallNews news, HubMetrics metrics, Clock clock, FirstSteps.Planner firstSteps) {
        this.store = store;
        this.firstSteps = firstSteps;
        this.news = news;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Before the first unit can connect, so that the first call runs on code already loaded and compiled:
     * as a call of {@code unitId}, a registered unit (its resident, grid and policy are looked up as a real
     * call's), or of no unit when there is none. A failure only costs the first call its speed.
     */
    public void rehearseAtStart(String unitId) {
        long started = System.nanoTime();
        try {
            rehearse(unitId, REHEARSAL_ROUNDS, REHEARSAL_STORE_ROUNDS);
            log.info("the alarm path was rehearsed {} times in {} ms", REHEARSAL_ROUNDS,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (ProtocolException | RuntimeException e) {
            log.warn("could not rehearse the alarm path ({}); the first call will be slower", e.getMessage());
        }
    }

    /** Takes an {@code up/alarm} payload; completes with the receipt once the outcome is committed. */
    public CompletableFuture<Receipt> report(String deviceId, byte[] payload, String origin) {
        Instant now = clock.instant();
        NewAlarm alarm;
        try {
            AlarmReport report = codec.decode(AlarmReport.class, payload);
            alarm = new NewAlarm(report.id(), deviceId, report.kind(), report.source(), report.raisedAt(), report.seq(),
                    report.test(), report.repeatOf(), null, now, origin);
        } catch (ProtocolException unreadable) {
            alarm = unreadable(deviceId, payload, unreadable.getMessage(), now, origin);
        }
        FirstSteps steps = firstSteps(alarm);
        return store.record(alarm, steps).thenApply(recorded -> announce(recorded, steps));
    }

    /**
     * Runs a call's path through this hop before the first unit connects, so that the first real call is
     * not the one that loads, links and compiles it: a report is decoded, escalation plans it, its receipt
     * is encoded, and the store writes it on its own statements and rolls it back. Nothing is kept, told
     * or sent. {@code rounds} times, the store's part in the first {@code storeRounds} of them; as a call
     * of {@code unitId} (null: of no unit).
     */
    public void rehearse(String unitId, int rounds, int storeRounds) throws ProtocolException {
        Instant at = clock.instant();
        byte[] payload = codec.encode(new AlarmReport(MessageIds.next(at.toEpochMilli()), AlarmKind.CALL_BUTTON,
                "call-button", at, 1, 1, false, null));
        for (int round = 0; round < rounds; round++) {
            AlarmReport report = codec.decode(AlarmReport.class, payload);
            NewAlarm alarm = new NewAlarm(report.id(), unitId == null ? REHEARSAL_UNIT : unitId, report.kind(), report.source(), report.raisedAt(),
                    report.seq(), report.test(), null, null, clock.instant(), "rehearsal");
            FirstSteps steps = firstSteps(alarm);
            codec.encode(Receipt.of(alarm.id(), AlarmState.RECEIVED, clock.instant()));
            if (round < storeRounds) {
                store.rehearse(alarm, steps).join();
            }
        }
    }

    /** Raises a call on a device's behalf, such as DEVICE_OFFLINE when it falls silent. */
    public CompletableFuture<Alarm> raise(String deviceId, AlarmKind kind, String note) {
        return raise(deviceId, kind, note, MessageIds.next(clock.millis()));
    }

    /**
     * Raises a call on a device's behalf under an id the hub made from what the call is for (a resident's
     * missed check-in of one day): raising it again, here or on another node, finds the same call.
     */
    public CompletableFuture<Alarm> raise(String deviceId, AlarmKind kind, String note, String unitAlarmId) {
        Instant now = clock.instant();
        NewAlarm alarm = new NewAlarm(unitAlarmId, deviceId, kind, "hub", now, -1, false, null, note, now, "hub");
        FirstSteps steps = firstSteps(alarm);
        return store.record(alarm, steps).thenApply(recorded -> {
            announce(recorded, steps);
            return recorded.alarm();
        });
    }

    /** The resident cancelled a call; completes with the receipt to send, or empty if there was nothing open. */
    public CompletableFuture<Optional<Receipt>> cancel(String deviceId, Cancel cancel, String origin) {
        Instant now = clock.instant();
        var entry = AlarmMove.CANCEL.entry(now, "device:" + deviceId, origin, "cancelled by the resident; confirm by phone");
        return move(deviceId, cancel.alarmId(), AlarmMove.CANCEL, entry)
                .thenApply(updated -> updated.map(alarm -> Receipt.of(alarm.unitAlarmId(), AlarmState.CANCELLED, now)));
    }

    /**
     * Makes a move of a unit's call, named by the unit's own id, that needs nobody's facts (the resident
     * cancels, the hub closes the call it raised); tells subscribers once committed. Empty if refused.
     */
    public CompletableFuture<Optional<Alarm>> move(String deviceId, String unitAlarmId, AlarmMove move,
                                                   AlarmStore.TimelineEntry entry) {
        return store.moveUnitsCall(deviceId, unitAlarmId, move, AlarmMove.Facts.NONE, entry).thenApply(moved -> {
            if (!moved.moved()) {
                return Optional.<Alarm>empty();
            }
            news.tell(news.updated(moved.after().orElseThrow(), entry.action()));
            return moved.after();
        });
    }

    /** A first press's escalation steps, planned before the write; stored only if it is a new call. */
    private FirstSteps firstSteps(NewAlarm alarm) {
        return alarm.repeatOf() == null ? firstSteps.plan(alarm.asRaised()) : FirstSteps.NONE;
    }

    private Receipt announce(Recorded recorded, FirstSteps steps) {
        Instant now = clock.instant();
        Alarm alarm = recorded.alarm();
        recorded.news(news).ifPresent(news::tell);
        return switch (recorded) {
            case Recorded.Raised raised -> {
                metrics.alarmReport("raised");
                metrics.alarmStored(alarm.kind().name());
                if (alarm.handling().escalationStep() > 0) {
                    // Its first steps were stored with it: they ring once the call is on the consoles' boards.
                    news.run(() -> steps.announce().accept(alarm));
                }
                // Stored as reaching nobody (its first steps found no one): the unit hears it in this receipt.
                yield Receipt.of(alarm.unitAlarmId(), AlarmState.RECEIVED, now, alarm.unhandled());
            }
            case Recorded.Merged merged -> {
                metrics.alarmReport("merged");
                yield new Receipt(merged.pressId(), AlarmState.RECEIVED, now, null, null, alarm.unitAlarmId());
            }
            case Recorded.Duplicate duplicate -> {
                metrics.alarmReport("duplicate");
                yield duplicate.pressId() != null
                        ? new Receipt(duplicate.pressId(), AlarmState.RECEIVED, now, null, null, alarm.unitAlarmId())
                        : Receipt.of(alarm.unitAlarmId(), alarm.state(), now, alarm.unhandled());
            }
        };
    }

    private NewAlarm unreadable(String deviceId, byte[] payload, String problem, Instant now, String origin) {
        String id = codec.salvageText(payload, "id").filter(MessageIds::isValid)
                .orElseGet(() -> UUID.nameUUIDFromBytes(concat(deviceId, payload)).toString());
        return new NewAlarm(id, deviceId, AlarmKind.UNKNOWN, null, now, -1, false, null, problem, now, origin);
    }

    private static byte[] concat(String deviceId, byte[] payload) {
        byte[] prefix = (deviceId + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(payload, 0, all, prefix.length, payload.length);
        return all;
    }
}
