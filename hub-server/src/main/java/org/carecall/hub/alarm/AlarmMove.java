package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmStore.HandlingField.ACKNOWLEDGED_AT;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.ACKNOWLEDGED_BY;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.ACKNOWLEDGED_NAME;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.ARRIVED_AT;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.NEXT_ESCALATION_AT;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.NOTIFIED_AT;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.OUTCOME;
import static org.carecall.hub.alarm.AlarmStore.HandlingField.RESOLVED_AT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carecall.hub.alarm.AlarmStore.HandlingField;
import org.carecall.protocol.AlarmState;

/**
 * Every move a call can make after it is stored, in one table: the states it may leave, the state it
 * reaches, the timeline action it writes and the handling facts it sets. The lifecycle, the intake and the
 * store all read it; the store compiles each move's guarded update once from its row here.
 *
 * <p>Guarantees: a move changes a call only if the call is in one of its {@link #from} states (and, for
 * {@link #CONFIRM}, not yet confirmed); it sets exactly its {@link #sets} facts, and its {@link #setsIfGiven}
 * facts only when a value is given; time facts are the move's own time.
 */
public enum AlarmMove {
    /** "I'm coming": a waiting call is taken by a named person; escalation's on-site check if known. */
    TAKE(AlarmStates.WAITING, AlarmState.ACKNOWLEDGED, List.of(ACKNOWLEDGED_AT, ACKNOWLEDGED_BY, ACKNOWLEDGED_NAME),
            List.of(NEXT_ESCALATION_AT)),
    /** The person who took the call is with the resident. */
    ARRIVE(Set.of(AlarmState.ACKNOWLEDGED), AlarmState.ON_SITE, List.of(ARRIVED_AT), List.of()),
    /** Arriving at a call nobody had taken: the one who arrives takes it too. */
    TAKE_ON_ARRIVAL(AlarmStates.WAITING, AlarmState.ON_SITE,
            List.of(ACKNOWLEDGED_AT, ACKNOWLEDGED_BY, ACKNOWLEDGED_NAME, ARRIVED_AT), List.of()),
    /** Someone saw the ringing call (or the outside channel took it): escalation climbs on the policy's times. */
    SEE(Set.of(AlarmState.RECEIVED), AlarmState.NOTIFIED, List.of(NOTIFIED_AT, NEXT_ESCALATION_AT), List.of()),
    /** Staff close the call with its outcome. */
    RESOLVE(AlarmStates.OPEN, AlarmState.RESOLVED, List.of(RESOLVED_AT, OUTCOME), List.of()),
    /** A weekly test call arrived, which was all it had to prove: the hub closes it. */
    CLOSE_TEST(AlarmStates.OPEN, AlarmState.RESOLVED, List.of(RESOLVED_AT, OUTCOME), List.of()),
    /** Staff confirmed by phone that a resident who cancelled is well: the call leaves the board. */
    CONFIRM(AlarmStates.TO_CONFIRM, AlarmState.CANCELLED, List.of(RESOLVED_AT, OUTCOME), List.of()),
    /** The resident cancelled at the unit; the call stays on the board until staff confirm. */
    CANCEL(AlarmStates.OPEN, AlarmState.CANCELLED, List.of(), List.of()),
    /** A silent unit is sending again: the hub closes the call it raised for the silence. */
    BACK_ONLINE(AlarmStates.OPEN, AlarmState.RESOLVED, List.of(), List.of());

    private final Set<AlarmState> from;
    private final AlarmState to;
    private final List<HandlingField> sets;
    private final List<HandlingField> setsIfGiven;

    AlarmMove(Set<AlarmState> from, AlarmState to, List<HandlingField> sets, List<HandlingField> setsIfGiven) {
        this.from = Collections.unmodifiableSet(EnumSet.copyOf(from));
        this.to = to;
        this.sets = sets;
        this.setsIfGiven = setsIfGiven;
    }

    /** The states the move may leave. */
    public Set<AlarmState> from() {
        return from;
    }

    public AlarmState to() {
        return to;
    }

    /** The facts the move writes, a null value clearing one. */
    public List<HandlingField> sets() {
        return sets;
    }

    /** The facts the move writes only when a value is given; otherwise they keep theirs. */
    public List<HandlingField> setsIfGiven() {
        return setsIfGiven;
    }

    /** A confirmation changes no state: it happens once, to a call not yet confirmed. */
    public boolean onlyUnconfirmed() {
        return this == CONFIRM;
    }

    /** The action its timeline row names: the state reached, or CONFIRMED for a confirmation. */
    public String action() {
        return this == CONFIRM ? "CONFIRMED" : to.name();
    }

    /** Its timeline row: when, who (as "staff:name", "device:id", "hub"...), from where, and a note. */
    public AlarmStore.TimelineEntry entry(Instant at, String actor, String origin, String note) {
        return new AlarmStore.TimelineEntry(at, action(), actor, origin, note);
    }

    /** Whether the move takes a waiting call (the time to take a call is measured by it). */
    public boolean takes() {
        return from.equals(AlarmStates.WAITING) && AlarmStates.TAKEN.contains(to);
    }

    /**
     * The call as this move leaves it: what its guarded update writes, over the call before it, with times
     * to the millisecond as the store keeps them. The store answers with this rather than reading the row
     * again (nothing else in the move's transaction writes the call's row).
     */
    public Alarm applyTo(Alarm call, Facts facts, Instant at) {
        Instant when = Instant.ofEpochMilli(at.toEpochMilli());
        Alarm.Handling h = call.handling();
        Instant notified = h.notifiedAt();
        Instant acknowledged = h.acknowledgedAt();
        String by = h.acknowledgedBy();
        String name = h.acknowledgedName();
        Instant arrived = h.arrivedAt();
        Instant resolved = h.resolvedAt();
        String outcome = h.outcome();
        Instant next = h.nextEscalationAt();
        List<HandlingField> written = new ArrayList<>(sets);
        setsIfGiven.stream().filter(field -> facts.value(field, when) != null).forEach(written::add);
        for (HandlingField field : written) {
            switch (field) {
                case NOTIFIED_AT -> notified = when;
                case ACKNOWLEDGED_AT -> acknowledged = when;
                case ACKNOWLEDGED_BY -> by = facts.staffId();
                case ACKNOWLEDGED_NAME -> name = facts.staffName();
                case ARRIVED_AT -> arrived = when;
                case RESOLVED_AT -> resolved = when;
                case OUTCOME -> outcome = facts.outcome();
                case NEXT_ESCALATION_AT -> next = facts.nextEscalationAt() == null ? null
                        : Instant.ofEpochMilli(facts.nextEscalationAt().toEpochMilli());
                case ESCALATION_STEP -> throw new IllegalArgumentException("no move sets the escalation step");
            }
        }
        return new Alarm(call.id(), call.deviceId(), call.kind(), call.source(), to, call.raisedAt(), call.receivedAt(),
                call.seq(), call.test(), call.pressCount(), call.lastPressAt(), call.problem(), when,
                new Alarm.Handling(notified, acknowledged, by, name, arrived, resolved, outcome, h.escalationStep(), next,
                        h.unreachedAt()), call.unitAlarmId());
    }

    /** Whether a call in {@code state}, confirmed at {@code confirmedAt} (null: not yet), may make this move. */
    public boolean allowedFrom(AlarmState state, Instant confirmedAt) {
        return from.contains(state) && (!onlyUnconfirmed() || confirmedAt == null);
    }

    /**
     * The values a move writes besides its time: who made it, the outcome, when escalation looks next.
     * Which of them a move stores is its row's to say; the others are ignored.
     */
    public record Facts(String staffId, String staffName, String outcome, Instant nextEscalationAt) {
        public static final Facts NONE = new Facts(null, null, null, null);

        public static Facts by(String staffId, String staffName) {
            return new Facts(staffId, staffName, null, null);
        }

        public static Facts outcome(String outcome) {
            return new Facts(null, null, outcome, null);
        }

        public static Facts nextLook(Instant nextEscalationAt) {
            return new Facts(null, null, null, nextEscalationAt);
        }

        public Facts withNextLook(Instant next) {
            return new Facts(staffId, staffName, outcome, next);
        }

        /** The value of one fact, its time ones being {@code at}. */
        Object value(HandlingField field, Instant at) {
            return switch (field) {
                case NOTIFIED_AT, ACKNOWLEDGED_AT, ARRIVED_AT, RESOLVED_AT -> at.toEpochMilli();
                case ACKNOWLEDGED_BY -> staffId;
                case ACKNOWLEDGED_NAME -> staffName;
                case OUTCOME -> outcome;
                case NEXT_ESCALATION_AT -> nextEscalationAt == null ? null : nextEscalationAt.toEpochMilli();
                case ESCALATION_STEP -> throw new IllegalArgumentException("no move sets the escalation step");
            };
        }
    }
}
