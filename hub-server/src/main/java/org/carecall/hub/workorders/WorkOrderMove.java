package org.carecall.hub.workorders;

import static org.carecall.hub.workorders.WorkOrderMove.Field.ASSIGNED_AT;
import static org.carecall.hub.workorders.WorkOrderMove.Field.ASSIGNEE_ID;
import static org.carecall.hub.workorders.WorkOrderMove.Field.ASSIGNEE_NAME;
import static org.carecall.hub.workorders.WorkOrderMove.Field.CANCELLED_AT;
import static org.carecall.hub.workorders.WorkOrderMove.Field.CANCEL_REASON;
import static org.carecall.hub.workorders.WorkOrderMove.Field.DONE_AT;
import static org.carecall.hub.workorders.WorkOrderMove.Field.DONE_NOTE;
import static org.carecall.hub.workorders.WorkOrderMove.Field.FOLLOWED_UP_AT;
import static org.carecall.hub.workorders.WorkOrderMove.Field.FOLLOW_UP_NOTE;
import static org.carecall.hub.workorders.WorkOrderMove.Field.OUTCOME;
import static org.carecall.hub.workorders.WorkOrderMove.Field.SATISFIED;
import static org.carecall.hub.workorders.WorkOrderMove.Field.STARTED_AT;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every move a work order can make, in one table: the states it may leave, the state it reaches and the
 * facts it sets. The store compiles each row into one guarded UPDATE ({@code ... WHERE state IN (from)}),
 * so a move out of order changes nothing and, of two racing moves, the second finds the state moved on.
 *
 * <p>Guarantees: a move changes an order only from one of its {@link #from} states; it sets exactly its
 * {@link #sets} facts (time facts being the move's own time); it writes one timeline row named {@link #to}.
 */
public enum WorkOrderMove {
    /** A duty worker takes a reported order for herself: only while nobody has it, so one of two takers wins. */
    TAKE(EnumSet.of(WorkOrderState.REPORTED), WorkOrderState.ASSIGNED, List.of(ASSIGNEE_ID, ASSIGNEE_NAME, ASSIGNED_AT)),
    /** A supervisor gives the order to someone, or to someone else before the work has started. */
    ASSIGN(EnumSet.of(WorkOrderState.REPORTED, WorkOrderState.ASSIGNED), WorkOrderState.ASSIGNED,
            List.of(ASSIGNEE_ID, ASSIGNEE_NAME, ASSIGNED_AT)),
    /** The worker is on it. */
    START(EnumSet.of(WorkOrderState.ASSIGNED), WorkOrderState.IN_PROGRESS, List.of(STARTED_AT)),
    /** Handled, with its outcome: the follow-up call is due from here. */
    DONE(EnumSet.of(WorkOrderState.IN_PROGRESS), WorkOrderState.DONE, List.of(DONE_AT, OUTCOME, DONE_NOTE)),
    /** The follow-up call (回访): whether she was satisfied. */
    FOLLOW_UP(EnumSet.of(WorkOrderState.DONE), WorkOrderState.FOLLOWED_UP,
            List.of(FOLLOWED_UP_AT, SATISFIED, FOLLOW_UP_NOTE)),
    /** Not to be done, with the reason, from any open state. */
    CANCEL(WorkOrderState.OPEN, WorkOrderState.CANCELLED, List.of(CANCELLED_AT, CANCEL_REASON));

    /** The order's facts a move may write, by column. */
    public enum Field {
        ASSIGNEE_ID("assignee_id"), ASSIGNEE_NAME("assignee_name"), ASSIGNED_AT("assigned_at"),
        STARTED_AT("started_at"), DONE_AT("done_at"), OUTCOME("outcome"), DONE_NOTE("done_note"),
        FOLLOWED_UP_AT("followed_up_at"), SATISFIED("satisfied"), FOLLOW_UP_NOTE("follow_up_note"),
        CANCELLED_AT("cancelled_at"), CANCEL_REASON("cancel_reason");

        final String column;

        Field(String column) {
            this.column = column;
        }
    }

    private final Set<WorkOrderState> from;
    private final WorkOrderState to;
    private final List<Field> sets;

    WorkOrderMove(Set<WorkOrderState> from, WorkOrderState to, List<Field> sets) {
        this.from = Collections.unmodifiableSet(EnumSet.copyOf(from));
        this.to = to;
        this.sets = sets;
    }

    public Set<WorkOrderState> from() {
        return from;
    }

    public WorkOrderState to() {
        return to;
    }

    public List<Field> sets() {
        return sets;
    }

    public boolean allowedFrom(WorkOrderState state) {
        return from.contains(state);
    }

    /**
     * What a move writes besides its time: who has the order, the outcome and notes, whether she was
     * satisfied. Which of them a move stores is its row's to say; the others are ignored.
     */
    public record Facts(String staffId, String staffName, String outcome, String note, Boolean satisfied) {
        public static final Facts NONE = new Facts(null, null, null, null, null);

        public static Facts to(String staffId, String staffName) {
            return new Facts(staffId, staffName, null, null, null);
        }

        public static Facts done(String outcome, String note) {
            return new Facts(null, null, outcome, note, null);
        }

        public static Facts followUp(String note, boolean satisfied) {
            return new Facts(null, null, null, note, satisfied);
        }

        public static Facts reason(String reason) {
            return new Facts(null, null, null, reason, null);
        }

        Object value(Field field, Instant at) {
            return switch (field) {
                case ASSIGNED_AT, STARTED_AT, DONE_AT, FOLLOWED_UP_AT, CANCELLED_AT -> at.toEpochMilli();
                case ASSIGNEE_ID -> staffId;
                case ASSIGNEE_NAME -> staffName;
                case OUTCOME -> outcome;
                case DONE_NOTE, FOLLOW_UP_NOTE, CANCEL_REASON -> note;
                case SATISFIED -> satisfied == null ? null : satisfied ? 1 : 0;
            };
        }
    }
}
