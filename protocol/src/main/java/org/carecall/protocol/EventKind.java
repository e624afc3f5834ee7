package org.carecall.protocol;

/**
 * Non-alarm events sent on {@code up/event}. Sensor events feed supervision and the resident's file;
 * the two everyday keys ({@link #CHECK_IN}, {@link #SERVICE_REQUEST}) are the resident's own words, sent
 * through the unit's outbox and acknowledged only once the hub stored what they mean.
 */
public enum EventKind {
    MOTION, DOOR_OPEN, DOOR_CLOSED, POWER_RESTORED, BATTERY_OK,
    /** The green 平安 key: "I am fine today". Sent only while the unit's config enables the key. */
    CHECK_IN,
    /** The service key: "please come, I need something". Sent only while the unit's config enables it. */
    SERVICE_REQUEST
}
