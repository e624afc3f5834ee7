package org.carecall.protocol;

/** Non-alarm sensor events sent on {@code up/event}: they feed supervision and the resident's file. */
public enum EventKind {
    MOTION, DOOR_OPEN, DOOR_CLOSED, POWER_RESTORED, BATTERY_OK
}
