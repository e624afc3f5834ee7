package org.carecall.hub.care;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A visit as recorded (method HOME, PHONE or VIDEO; outcome SEEN, NOT_HOME or REFUSED), never changed once
 * stored: a correction is another visit naming the one it {@code replaces}. {@code enteredAt} is when the hub
 * heard of it, later than {@code visitedAt} for a visit entered from paper. {@code domains} and {@code needs}
 * are kept as sent (checked on the way in), so a node reads what a newer one wrote without knowing it.
 */
public record Visit(String id, String residentId, Instant visitedAt, Instant enteredAt, String method, String outcome,
                    String visitor, String staffId, JsonNode domains, JsonNode needs, String note, String replaces) {
    public static final java.util.List<String> METHODS = java.util.List.of("HOME", "PHONE", "VIDEO");
    public static final java.util.List<String> OUTCOMES = java.util.List.of("SEEN", "NOT_HOME", "REFUSED");
    public static final java.util.List<String> DOMAINS = java.util.List.of("health", "mood", "safety", "hygiene", "living");
    public static final java.util.List<String> STATUSES = java.util.List.of("OK", "CONCERN");
    public static final java.util.List<String> NEEDS = java.util.List.of("REPAIR", "MEAL", "ERRAND", "MEDICAL",
            "CLEANING", "OTHER");

    public boolean seen() {
        return "SEEN".equals(outcome);
    }
}
