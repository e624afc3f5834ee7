package org.carecall.hub.escalation;

/** Who an escalation step rings. */
public enum Audience {
    /** Everyone on duty for the resident's grid. */
    GRID_DUTY,
    /** Everyone on duty anywhere in the resident's community. */
    SITE_DUTY,
    /** The community's supervisors, on duty or not. */
    SUPERVISORS,
    /** Every logged-in console, whoever it belongs to. */
    ALL_CONSOLES,
    /** The outside channel: a webhook that SMS or phone gateways plug into. */
    OUTSIDE,
    /** Technicians, for technical alarms. */
    TECHNICIANS
}
