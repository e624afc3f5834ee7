package org.carecall.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.util.Optional;

/**
 * Every kind of alarm a device can raise or the hub can raise on a device's behalf, with its priority
 * class and its codes in the alarm industry's two common vocabularies, so that a later bridge to an
 * alarm receiving centre is a table look-up.
 *
 * <p>SCAIP (SS 91100, CLC/TS 50134-9) names a device type and a status code; Contact ID names a
 * three-digit event code. Where our reference table has no SCAIP device type for a kind (gas, water,
 * an unreadable alarm) it is left empty rather than guessed.
 */
public enum AlarmKind {
    CALL_BUTTON(AlarmClass.LIFE_SAFETY, "0003", "0010", 101),
    PULL_CORD(AlarmClass.LIFE_SAFETY, "0004", "0010", 101),
    FALL(AlarmClass.LIFE_SAFETY, "0005", "0010", 101),
    SMOKE(AlarmClass.LIFE_SAFETY, "0023", "0010", 111),
    GAS(AlarmClass.LIFE_SAFETY, null, "0010", 151),
    /**
     * Raised by the hub when a known device sent something on its alarm channel that could not be
     * read. Garbage from the alarm channel is a reason to send someone, so it ranks as life-safety. A hub
     * node also reads a kind that a newer node stored and it does not know as this (and still rings it).
     */
    @JsonEnumDefaultValue
    UNKNOWN(AlarmClass.LIFE_SAFETY, null, "0010", 100),
    WATER(AlarmClass.WELLNESS, null, "0010", 154),
    INACTIVITY(AlarmClass.WELLNESS, "0010", "0010", 102),
    DOOR_AT_NIGHT(AlarmClass.WELLNESS, "0014", "0010", 134),
    /**
     * Raised by the hub when a resident with a daily 平安 check-in has not checked in long after her
     * deadline and no worker said "I'm on it" (Contact ID 102, "fail to report in").
     */
    CHECK_IN_MISSED(AlarmClass.WELLNESS, null, "0010", 102),
    TAMPER(AlarmClass.TECHNICAL, "0038", "0010", 383),
    POWER_FAILURE(AlarmClass.TECHNICAL, "0041", "0085", 301),
    LOW_BATTERY(AlarmClass.TECHNICAL, "0041", "0016", 302),
    /** Raised by the hub when a device has been silent for longer than its supervision window. */
    DEVICE_OFFLINE(AlarmClass.TECHNICAL, "0032", "0023", 354),
    TEST(AlarmClass.TECHNICAL, "0003", "0102", 602);

    private final AlarmClass alarmClass;
    private final String scaipDeviceType;
    private final String scaipStatusCode;
    private final int contactIdEvent;

    AlarmKind(AlarmClass alarmClass, String scaipDeviceType, String scaipStatusCode, int contactIdEvent) {
        this.alarmClass = alarmClass;
        this.scaipDeviceType = scaipDeviceType;
        this.scaipStatusCode = scaipStatusCode;
        this.contactIdEvent = contactIdEvent;
    }

    public AlarmClass alarmClass() {
        return alarmClass;
    }

    /** The SCAIP device type ("dt") that reports this kind, as four digits, where one is known. */
    public Optional<String> scaipDeviceType() {
        return Optional.ofNullable(scaipDeviceType);
    }

    /** The SCAIP status code ("stc") for this kind, as four digits. */
    public String scaipStatusCode() {
        return scaipStatusCode;
    }

    /** The Contact ID event code (the "new event" qualifier 1 is implied). */
    public int contactIdEvent() {
        return contactIdEvent;
    }

    /** Whether a device may send this kind on {@code up/alarm}; the rest are raised by the hub only. */
    public boolean sentByDevices() {
        return this != UNKNOWN && this != DEVICE_OFFLINE && this != CHECK_IN_MISSED;
    }
}
