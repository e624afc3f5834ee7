package org.carecall.hub.escalation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a community's calls climb: ordered steps, each after so many seconds from the call's arrival, and
 * how long an acknowledged call may go without anyone on site before it climbs again. Care calls and
 * technical alarms have separate chains.
 */
public record EscalationPolicy(List<Step> care, List<Step> technical, int onSiteTimeoutS) {

    /** One step: after {@code afterS} seconds, ring these audiences. */
    public record Step(int afterS, Set<Audience> audiences) {
    }

    /** The defaults: the grid at once; the community and supervisor after 30 s; everyone and outside after 90 s. */
    public static EscalationPolicy defaults() {
        return new EscalationPolicy(
                List.of(new Step(0, Set.of(Audience.GRID_DUTY)),
                        new Step(30, Set.of(Audience.SITE_DUTY, Audience.SUPERVISORS)),
                        new Step(90, Set.of(Audience.ALL_CONSOLES, Audience.OUTSIDE))),
                List.of(new Step(0, Set.of(Audience.TECHNICIANS)),
                        new Step(900, Set.of(Audience.TECHNICIANS, Audience.SUPERVISORS))),
                15 * 60);
    }

    /** Every problem with the policy; empty when it can be used. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        check("care", care, problems);
        check("technical", technical, problems);
        if (onSiteTimeoutS < 60) {
            problems.add("onSiteTimeoutS must be at least 60");
        }
        return problems;
    }

    private static void check(String name, List<Step> steps, List<String> problems) {
        if (steps == null || steps.isEmpty()) {
            problems.add(name + " needs at least one step");
            return;
        }
        if (steps.getFirst().afterS() != 0) {
            problems.add(name + ": the first step must be at 0 s, so a call rings at once");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).afterS() <= steps.get(i - 1).afterS()) {
                problems.add(name + ": step " + (i + 1) + " must come later than step " + i);
            }
        }
        for (Step step : steps) {
            if (step.audiences() == null || step.audiences().isEmpty()) {
                problems.add(name + ": every step must name at least one audience");
            }
        }
    }
}
