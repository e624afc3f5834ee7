package org.carecall.hub.care;

import java.time.Instant;

/**
 * A visit to make: {@code kind} CADENCE, RETRY or EVENT; {@code state} OPEN, DONE, TRIED or SUPERSEDED. A
 * done task keeps both dates of the visit that fulfilled it: when it was made and when it was entered.
 * Kinds and states are kept as read, so a node shows a newer node's without failing.
 */
public record VisitTask(String id, String residentId, String kind, String tier, Instant dueAt, Instant openedAt,
                        Instant createdAt, String state, Instant doneAt, Instant doneEnteredAt, String visitId,
                        String sourceId) {
    public boolean open() {
        return "OPEN".equals(state);
    }
}
