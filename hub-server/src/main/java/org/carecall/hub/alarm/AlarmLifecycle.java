package org.carecall.hub.alarm;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.AlarmStore.HandlingColumn;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.staff.Staff;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.Receipt;

/**
 * What staff do with a call: take it ("I'm coming"), arrive, resolve it. Each step is a guarded move in
 * the store (so of two people who tap at once, exactly one takes the call and the other is told who
 * has it), a timeline row with who, when and from where, an event for every console, and a receipt to
 * the resident's unit so its light and voice follow.
 */
public final class AlarmLifecycle {
    private static final Set<AlarmState> WAITING = EnumSet.of(AlarmState.RECEIVED, AlarmState.NOTIFIED);
    private static final Set<AlarmState> OPEN = EnumSet.of(AlarmState.RECEIVED, AlarmState.NOTIFIED,
            AlarmState.ACKNOWLEDGED, AlarmState.ON_SITE);

    /** How a step went. */
    public sealed interface Result {
        record Done(Alarm alarm) implements Result {
        }

        /** Refused: the call is not in a state that allows this; {@code why} says why, for the person who tapped. */
        record Refused(Alarm alarm, String why) implements Result {
        }

        record Missing() implements Result {
        }
    }

    private final AlarmStore store;
    private final HubEvents events;
    private final DeviceLink link;
    private final Clock clock;

    public AlarmLifecycle(AlarmStore store, HubEvents events, DeviceLink link, Clock clock) {
        this.store = store;
        this.events = events;
        this.link = link;
        this.clock = clock;
    }

    /** "I'm coming": first come, first served. */
    public Result acknowledge(String alarmId, Staff by, String origin) {
        Instant now = clock.instant();
        return step(alarmId, WAITING, AlarmState.ACKNOWLEDGED, by, origin, null, Map.of(
                HandlingColumn.ACKNOWLEDGED_AT, now, HandlingColumn.ACKNOWLEDGED_BY, by.id(),
                HandlingColumn.ACKNOWLEDGED_NAME, by.displayName()), now).join();
    }

    /** Staff are with the resident. Arriving without having tapped "I'm coming" also takes the call. */
    public Result arrive(String alarmId, Staff by, String origin) {
        Instant now = clock.instant();
        Result result = step(alarmId, EnumSet.of(AlarmState.ACKNOWLEDGED), AlarmState.ON_SITE, by, origin, null,
                Map.of(HandlingColumn.ARRIVED_AT, now), now).join();
        if (result instanceof Result.Refused refused && WAITING.contains(refused.alarm().state())) {
            return step(alarmId, WAITING, AlarmState.ON_SITE, by, origin, null, Map.of(
                    HandlingColumn.ACKNOWLEDGED_AT, now, HandlingColumn.ACKNOWLEDGED_BY, by.id(),
                    HandlingColumn.ACKNOWLEDGED_NAME, by.displayName(), HandlingColumn.ARRIVED_AT, now), now).join();
        }
        return result;
    }

    /**
     * Closes the call; the outcome and a note are required, because the record must say what happened. A
     * call the resident cancelled stays on the board until someone has confirmed by phone that all is
     * well; resolving it records that confirmation and leaves it CANCELLED.
     */
    public Result resolve(String alarmId, Staff by, String origin, String outcome, String note) {
        if (outcome == null || outcome.isBlank() || note == null || note.isBlank()) {
            throw new IllegalArgumentException("resolving a call needs an outcome and a note");
        }
        Instant now = clock.instant();
        Map<HandlingColumn, Object> closing = Map.of(HandlingColumn.RESOLVED_AT, now, HandlingColumn.OUTCOME, outcome);
        Result result = step(alarmId, OPEN, AlarmState.RESOLVED, by, origin, outcome + ": " + note, closing, now).join();
        if (result instanceof Result.Refused refused && refused.alarm().state() == AlarmState.CANCELLED
                && refused.alarm().handling().resolvedAt() == null) {
            var entry = new AlarmStore.TimelineEntry(now, "CONFIRMED", "staff:" + by.username(), origin,
                    outcome + ": " + note);
            return store.move(alarmId, EnumSet.of(AlarmState.CANCELLED), AlarmState.CANCELLED, entry, closing)
                    .thenApply(move -> {
                        Alarm alarm = move.alarm().orElseThrow();
                        events.publish(new HubEvent.AlarmUpdated(alarm, "confirmed"));
                        return (Result) new Result.Done(alarm);
                    }).join();
        }
        return result;
    }

    /** A test call has arrived, which is all it had to prove: the hub closes it, and the unit's light goes out. */
    public CompletableFuture<Result> closeTest(String alarmId) {
        Instant now = clock.instant();
        return step(alarmId, OPEN, AlarmState.RESOLVED, null, "weekly-test", "test: the test call arrived",
                Map.of(HandlingColumn.RESOLVED_AT, now, HandlingColumn.OUTCOME, "test"), now);
    }

    /** The escalation engine showed the call to someone: RECEIVED becomes NOTIFIED (once). */
    public CompletableFuture<Result> notified(String alarmId, String audience) {
        Instant now = clock.instant();
        return step(alarmId, EnumSet.of(AlarmState.RECEIVED), AlarmState.NOTIFIED, null, "escalation",
                "shown to " + audience, Map.of(HandlingColumn.NOTIFIED_AT, now), now);
    }

    private CompletableFuture<Result> step(String alarmId, Set<AlarmState> from, AlarmState to, Staff by, String origin,
                                           String note, Map<HandlingColumn, Object> handling, Instant now) {
        String actor = by == null ? "hub" : "staff:" + by.username();
        var entry = new AlarmStore.TimelineEntry(now, to.name(), actor, origin, note);
        return store.move(alarmId, from, to, entry, handling).thenApply(move -> {
            if (move.alarm().isEmpty()) {
                return new Result.Missing();
            }
            Alarm alarm = move.alarm().get();
            if (!move.moved()) {
                return new Result.Refused(alarm, why(alarm, to));
            }
            events.publish(new HubEvent.AlarmUpdated(alarm, to.name().toLowerCase()));
            String name = alarm.handling().acknowledgedName();
            link.send(alarm.deviceId(), new Receipt(alarm.id(), to, now,
                    to == AlarmState.ACKNOWLEDGED || to == AlarmState.ON_SITE ? name : null, null, null));
            return new Result.Done(alarm);
        });
    }

    private static String why(Alarm alarm, AlarmState wanted) {
        String who = Optional.ofNullable(alarm.handling().acknowledgedName()).orElse("someone else");
        return switch (alarm.state()) {
            case ACKNOWLEDGED -> wanted == AlarmState.ACKNOWLEDGED ? "already taken by " + who : "taken by " + who;
            case ON_SITE -> who + " is already with the resident";
            case RESOLVED -> "the call is already resolved";
            case CANCELLED -> "the resident cancelled the call";
            default -> "the call is " + alarm.state().name().toLowerCase();
        };
    }
}
