package org.carecall.protocol;

/**
 * How urgent an alarm is and who answers it. The order is the order of priority: a life-safety call
 * is always handled before a wellness alarm, and a wellness alarm before a technical one.
 */
public enum AlarmClass {
    /** Someone may be hurt right now: call button, pull cord, fall, smoke, gas. Care staff answer. */
    LIFE_SAFETY,
    /** Something is unusual and someone should look: inactivity, a door at night, water. Care staff answer. */
    WELLNESS,
    /** The equipment needs attention: power, battery, tamper, a silent device. Technicians answer. */
    TECHNICAL;

    /** Whether care staff (rather than technicians) are the people to call. */
    public boolean forCareStaff() {
        return this != TECHNICAL;
    }
}
