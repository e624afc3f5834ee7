package org.carecall.hub.care;

import java.time.Instant;

/** A major change in a resident's life, recorded by staff: it asks for a visit within the policy's hours. */
public record ResidentEvent(String id, String residentId, String kind, String note, Instant happenedAt, String recordedBy) {
    public static final java.util.List<String> KINDS = java.util.List.of("HOSPITAL_DISCHARGE", "HOSPITAL_ADMISSION",
            "BEREAVEMENT", "FALL", "LIVING_ALONE_NOW", "OTHER");
}
