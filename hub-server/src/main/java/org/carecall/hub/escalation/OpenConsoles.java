package org.carecall.hub.escalation;

import java.util.Set;
import org.carecall.hub.alarm.Alarm;

/**
 * Which consoles are open now, so that escalation knows whether a step can reach anybody at all: ringing
 * people who have no console open reaches nobody, and such a step moves on at once.
 */
public interface OpenConsoles {

    /** Whether any of these staff has a console open. */
    boolean anyOpenFor(Set<String> staffIds);

    /** Whether any open console belongs to someone who may see this call. */
    boolean anyOpenThatMaySee(Alarm alarm);
}
