package org.carecall.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed list of prompts the hub may ask a unit to say with {@code SPEAK}, by their wire names. The
 * unit holds a recorded clip for each; a prompt that {@link #names() names} someone is said with the
 * name where the unit can make speech, and as the plain clip where it cannot. The list only grows: a
 * unit answers a prompt it does not know with a failed command result, and says nothing.
 */
public enum SpokenPrompt {
    /** "Please press the green key to tell us you are well today." (the check-in's reminders) */
    CHECKIN_REMIND("checkin-remind", false),
    /** "Thank you, your check-in is received." (after the hub stored a CHECK_IN) */
    CHECKIN_OK("checkin-ok", false),
    /** "The community cannot be reached just now; your check-in is kept and sent when it can." */
    CHECKIN_RETRYING("checkin-retrying", false),
    /** "Your request is received; the community will arrange it." (after the hub stored a SERVICE_REQUEST) */
    SERVICE_RECEIVED("service-received", false),
    /** "The community cannot be reached just now; your request is kept and the unit keeps trying." */
    SERVICE_RETRYING("service-retrying", false),
    /** "{name} will come for your request." (a worker took the order) */
    SERVICE_ASSIGNED("service-assigned", true),
    /** "Your request has been done." */
    SERVICE_DONE("service-done", false),
    /** "Tomorrow {name} will visit as agreed." (the evening before an appointment) */
    SERVICE_APPOINTMENT("service-appointment", true);

    private final String wire;
    private final boolean names;

    SpokenPrompt(String wire, boolean names) {
        this.wire = wire;
        this.names = names;
    }

    /** The prompt's name on the wire, and the unit's clip of the same name. */
    public String wire() {
        return wire;
    }

    /** Whether the prompt is said with a person's name when one is given. */
    public boolean names() {
        return names;
    }

    public static Optional<SpokenPrompt> ofWire(String wire) {
        return Arrays.stream(values()).filter(prompt -> prompt.wire.equals(wire)).findFirst();
    }
}
