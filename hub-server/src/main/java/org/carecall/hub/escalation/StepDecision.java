package org.carecall.hub.escalation;

import java.util.Optional;
import java.util.Set;
import org.carecall.hub.community.Area;

/**
 * What one step does when it fires: whom it rings, whether any of them (or every console) has a console
 * open to show the call, and whether the outside channel is tried. {@code index} counts from 0;
 * {@code audiences} is the step's audiences as the timeline names them.
 */
public record StepDecision(int index, EscalationPolicy.Step step, String audiences, Optional<Area> grid,
                           Set<String> people, boolean everyone, boolean outside, boolean onScreen) {
    /** The step's number as people count it, from 1. */
    public int number() {
        return index + 1;
    }

    /** Somebody can see the call: a console that may show it is open, or the outside channel is tried. */
    public boolean reaches() {
        return onScreen || outside;
    }

    /** Nobody of the step's audiences is on duty: a gap in the roster. */
    public boolean nobodyOnDuty() {
        return people.isEmpty() && !everyone;
    }

    /** Why a step reached nobody, for the timeline; null when it reached somebody. */
    public String nobodyBecause() {
        return reaches() ? null : nobodyOnDuty() ? "nobody-on-duty" : "no-console";
    }
}
