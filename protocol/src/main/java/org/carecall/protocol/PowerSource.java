package org.carecall.protocol;

/** What a device is running on, as reported in its heartbeat. */
public enum PowerSource {
    MAINS, BATTERY
}
