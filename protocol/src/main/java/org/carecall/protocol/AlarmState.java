package org.carecall.protocol;

/**
 * Where an alarm stands in its life, as told to the device in {@code down/ack}. The device's light and
 * voice follow these states, so each is a promise to the resident.
 */
public enum AlarmState {
    /** Stored durably by the hub: the agent may stop resending it. */
    RECEIVED,
    /** Shown to at least one person on duty. */
    NOTIFIED,
    /** A named person has taken the call. */
    ACKNOWLEDGED,
    /** Staff are with the resident. */
    ON_SITE,
    RESOLVED,
    CANCELLED;

    /** Whether nothing more will happen to an alarm in this state. */
    public boolean isFinal() {
        return this == RESOLVED || this == CANCELLED;
    }
}
