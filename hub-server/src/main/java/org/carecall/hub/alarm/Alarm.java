package org.carecall.hub.alarm;

import java.time.Instant;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/**
 * A call as the hub holds it. {@code raisedAt} is the device's clock (shown to staff, possibly wrong);
 * {@code receivedAt} is the hub's, which orders calls. {@code problem} says why an UNKNOWN alarm could
 * not be read. {@code unitAlarmId} is the id the unit sent and knows the call by, which its receipts carry:
 * the same as {@code id}, unless another unit's call already had that id and the hub made this one's.
 */
public record Alarm(String id, String deviceId, AlarmKind kind, String source, AlarmState state, Instant raisedAt,
                    Instant receivedAt, long seq, boolean test, int pressCount, Instant lastPressAt, String problem,
                    Instant updatedAt, Handling handling, String unitAlarmId) {

    public Alarm {
        unitAlarmId = unitAlarmId == null ? id : unitAlarmId; // a call told by a node from before unit ids
    }

    /** A call its unit knows by the hub's id. */
    public Alarm(String id, String deviceId, AlarmKind kind, String source, AlarmState state, Instant raisedAt,
                 Instant receivedAt, long seq, boolean test, int pressCount, Instant lastPressAt, String problem,
                 Instant updatedAt, Handling handling) {
        this(id, deviceId, kind, source, state, raisedAt, receivedAt, seq, test, pressCount, lastPressAt, problem,
                updatedAt, handling, id);
    }

    /**
     * What staff have done with the call, and where its escalation stands. {@code unreachedAt}: when the call
     * was first found unhandled (nobody had taken it and its last step reached nobody); null if never.
     */
    public record Handling(Instant notifiedAt, Instant acknowledgedAt, String acknowledgedBy, String acknowledgedName,
                           Instant arrivedAt, Instant resolvedAt, String outcome, int escalationStep,
                           Instant nextEscalationAt, Instant unreachedAt) {
        public static final Handling NONE = new Handling(null, null, null, null, null, null, null, 0, null);

        /** Handling of a call never found unhandled. */
        public Handling(Instant notifiedAt, Instant acknowledgedAt, String acknowledgedBy, String acknowledgedName,
                        Instant arrivedAt, Instant resolvedAt, String outcome, int escalationStep,
                        Instant nextEscalationAt) {
            this(notifiedAt, acknowledgedAt, acknowledgedBy, acknowledgedName, arrivedAt, resolvedAt, outcome,
                    escalationStep, nextEscalationAt, null);
        }
    }

    /**
     * Unhandled: nobody has taken the call and its last escalation step reached nobody, whatever state it
     * reached before. It rings every console that opens (a care call), and its unit tells the resident.
     */
    public boolean unhandled() {
        return handling.unreachedAt() != null && AlarmStates.WAITING.contains(state);
    }

    public boolean open() {
        return AlarmStates.OPEN.contains(state);
    }

    /**
     * Whether the call belongs on the duty board: open, or cancelled by the resident and not yet confirmed
     * by phone ({@link AlarmStates#onBoard}, which the store's board query renders in SQL); consoles get
     * this as a flag.
     */
    public boolean onBoard() {
        return AlarmStates.onBoard(state, handling.resolvedAt());
    }
}
