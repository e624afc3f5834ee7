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

    /** Longest wait the console accepts for a step or for nobody on site: a day. */
    public static final int MAX_SECONDS = 24 * 3600;
    public static final int MAX_STEPS = 8;
    public static final int MIN_ON_SITE_S = 60;

    /** One thing wrong with a policy: where (such as {@code care.2.afterS}), a stable code, a sentence. */
    public record Problem(String field, String code, String text) {
    }

    /** Every problem with the policy, each sentence once; empty when it can be used. */
    public List<String> problems() {
        return checked().stream().map(Problem::text).distinct().toList();
    }

    /** Every problem with the policy, each with the field it is about. */
    public List<Problem> checked() {
        List<Problem> problems = new ArrayList<>();
        check("care", care, problems);
        check("technical", technical, problems);
        if (onSiteTimeoutS < MIN_ON_SITE_S || onSiteTimeoutS > MAX_SECONDS) {
            problems.add(new Problem("onSiteTimeoutS", "range", "onSiteTimeoutS must be from " + MIN_ON_SITE_S + " to "
                    + MAX_SECONDS + " seconds"));
        }
        return problems;
    }

    private static void check(String name, List<Step> steps, List<Problem> problems) {
        if (steps == null || steps.isEmpty()) {
            problems.add(new Problem(name, "no-steps", name + " needs at least one step"));
            return;
        }
        if (steps.size() > MAX_STEPS) {
            problems.add(new Problem(name, "too-many", name + " has more than " + MAX_STEPS + " steps"));
        }
        if (steps.getFirst().afterS() != 0) {
            problems.add(new Problem(name + ".1.afterS", "first-at-once",
                    name + ": the first step must be at 0 s, so a call rings at once"));
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String at = name + "." + (i + 1) + ".";
            if (step.afterS() < 0 || step.afterS() > MAX_SECONDS) {
                problems.add(new Problem(at + "afterS", "range", name + ": step " + (i + 1) + " must come within 0 to "
                        + MAX_SECONDS + " seconds"));
            } else if (i > 0 && step.afterS() <= steps.get(i - 1).afterS()) {
                problems.add(new Problem(at + "afterS", "later", name + ": step " + (i + 1) + " must come later than step " + i));
            }
            if (step.audiences() == null || step.audiences().isEmpty()) {
                problems.add(new Problem(at + "audiences", "no-audience", name + ": every step must name at least one audience"));
            }
        }
    }
}
