package org.carecall.hub.workorders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A work order as stored. {@code category} and {@code source} are kept as written, so a newer node's words
 * pass through; {@code state} is null for a state this node does not know. {@code pressCount} is how many
 * times her service key asked for it while it waited.
 */
public record WorkOrder(String id, String residentId, String category, String note, String source, String deviceId,
                        WorkOrderState state, Instant reportedAt, String reportedBy, int pressCount,
                        String assigneeId, String assigneeName, Instant assignedAt, Instant startedAt, Instant doneAt,
                        String outcome, String doneNote, Instant followedUpAt, Boolean satisfied, String followUpNote,
                        Instant cancelledAt, String cancelReason, Instant appointmentAt, Instant flaggedAt) {
    public static final List<String> CATEGORIES = List.of("REPAIR", "MEAL", "ERRAND", "MEDICAL", "CLEANING", "OTHER");
    /** Where an order came from: staff, a visit's needs, her service key. */
    public static final String STAFF = "STAFF";
    public static final String VISIT = "VISIT";
    public static final String KEY = "KEY";

    /** When the follow-up call is due: {@code hours} after it was done; null before it is done. */
    public Instant followUpDue(int hours) {
        return doneAt == null ? null : doneAt.plus(Duration.ofHours(hours));
    }

    /** One row of the timeline: when, what (a state reached, or PRESSED, FLAGGED, APPOINTMENT), who, from where. */
    public record Entry(Instant at, String action, String actor, String actorName, String origin, String note) {
    }

    /** The order, with its timeline oldest first. */
    public record WithTimeline(WorkOrder order, List<Entry> timeline) {
    }
}
