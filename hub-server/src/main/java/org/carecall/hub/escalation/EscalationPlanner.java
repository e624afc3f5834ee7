package org.carecall.hub.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Area;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmState;

/**
 * Decides who a call's steps ring, from what is known now. It rings nobody and writes nothing.
 *
 * <ul>
 *   <li>Pure and synchronous: the same call, roster, staff and open consoles give the same decision.</li>
 *   <li>A step reaches somebody only if a console that may show the call is open, or the outside channel
 *       is tried; a step that reaches nobody says why (nobody on duty, no console open).</li>
 *   <li>Staff of no community are never rung for a community's call: they could not see it.</li>
 * </ul>
 */
public final class EscalationPlanner {
    private static final Set<Role> CARE = EnumSet.of(Role.DUTY, Role.SUPERVISOR);
    private static final int MAX_NAMES = 1_000;

    /** Each policy step's audiences as the timeline names them; a community has a handful of steps. */
    private final Map<EscalationPolicy.Step, String> audienceNames = new ConcurrentHashMap<>();
    private final EscalationChains chains;
    private final Staffing staffing;
    private final OpenConsoles consoles;
    private final boolean outsideConfigured;
    private final Duration displayTimeout;

    /**
     * {@code displayTimeout}: how long a rung step waits for a console to show the call before the next
     * step fires.
     */
    public EscalationPlanner(EscalationChains chains, Staffing staffing, OpenConsoles consoles,
                             boolean outsideConfigured, Duration displayTimeout) {
        this.chains = chains;
        this.staffing = staffing;
        this.consoles = consoles;
        this.outsideConfigured = outsideConfigured;
        this.displayTimeout = displayTimeout;
    }

    /**
     * The steps a new call fires the moment it is stored: the first, and the ones after it while a step
     * reaches nobody. Past the last, the call is unreached. {@code nextAt}: when escalation looks again.
     */
    public record Plan(List<StepDecision> fired, int chainLength, Instant nextAt) {
        public boolean unreached() {
            return !fired.isEmpty() && !fired.getLast().reaches();
        }
    }

    /** The first steps of a new call; none for a test call or a chain without steps. */
    public Plan firstSteps(Alarm call, Instant now, Duration unreachedRetry) throws StoreException {
        if (call.test()) {
            return new Plan(List.of(), 0, null);
        }
        Optional<Area> grid = chains.gridOf(call);
        List<EscalationPolicy.Step> steps = chains.chain(call, grid);
        List<DutyRoster.OnDuty> onDuty = staffing.onDutyNow();
        List<StepDecision> fired = new ArrayList<>();
        while (fired.size() < steps.size() && (fired.isEmpty() || !fired.getLast().reaches())) {
            fired.add(decide(call, fired.size(), steps.get(fired.size()), grid, onDuty));
        }
        if (fired.isEmpty()) {
            return new Plan(List.of(), 0, null);
        }
        boolean unreached = !fired.getLast().reaches();
        Instant nextAt = unreached ? now.plus(unreachedRetry) : nextLook(call, steps, fired.size() - 1, now);
        return new Plan(List.copyOf(fired), steps.size(), nextAt);
    }

    /** Step {@code index} of the call's chain, decided with the roster as it stands. */
    public StepDecision decide(Alarm call, int index, List<EscalationPolicy.Step> chain) throws StoreException {
        return decide(call, index, chain.get(index), chains.gridOf(call), staffing.onDutyNow());
    }

    /**
     * Whoever said "I'm coming" has not arrived in time: who rings again. The step after the one that
     * fired (the last step once the chain has run out), counted as step {@code fired + 1}.
     */
    public StepDecision ringAgain(Alarm call, int fired) throws StoreException {
        List<EscalationPolicy.Step> chain = chains.chain(call);
        return decide(call, fired, chain.get(Math.min(fired, chain.size() - 1)), chains.gridOf(call),
                staffing.onDutyNow());
    }

    StepDecision decide(Alarm call, int index, EscalationPolicy.Step step, Optional<Area> grid,
                        List<DutyRoster.OnDuty> onDuty) {
        Set<String> people = new LinkedHashSet<>();
        boolean everyone = step.audiences().contains(Audience.ALL_CONSOLES);
        boolean outside = step.audiences().contains(Audience.OUTSIDE) && outsideConfigured;
        for (Audience audience : step.audiences()) {
            people.addAll(recipients(audience, grid, onDuty));
        }
        boolean onScreen = consoles.anyOpenFor(people) || everyone && consoles.anyOpenThatMaySee(call);
        return new StepDecision(index, step, audienceNames(step), grid, people, everyone, outside, onScreen);
    }

    /**
     * When escalation looks at a call again after step {@code index} fired: the next step's time, or the
     * display deadline if nobody has seen the call yet and that comes sooner; null when nothing is left.
     */
    public Instant nextLook(Alarm call, List<EscalationPolicy.Step> steps, int index, Instant now) {
        Instant next = index + 1 < steps.size() ? call.receivedAt().plusSeconds(steps.get(index + 1).afterS()) : null;
        if (call.state() == AlarmState.RECEIVED) {
            Instant deadline = now.plus(displayTimeout);
            next = next == null || deadline.isBefore(next) ? deadline : next;
        }
        return next;
    }

    /** Where the call's escalation stands at {@code now}. */
    public EscalationState stateOf(Alarm call, Instant now) throws StoreException {
        return EscalationState.of(call, chains.chain(call), now);
    }

    public EscalationChains chains() {
        return chains;
    }

    /**
     * Who one step of a policy would ring now: the people (and whether each has a console open); whether it
     * would reach nobody now as the engine would count it (no person, or none with a console open, "every
     * console" with none open that may see the grid, and no outside channel to fall back on); and whether it
     * names the outside channel while none is configured.
     */
    public record StepPreview(int step, int afterS, List<String> audiences, List<Map<String, Object>> people,
                              boolean everyone, boolean outside, boolean reachesNobody, boolean outsideUnconfigured) {
    }

    /**
     * Who each step of this policy would ring if a call came now from the grid: the roster as it stands,
     * the same rules as a real call. Nothing is rung or stored.
     */
    public List<StepPreview> preview(EscalationPolicy policy, Area grid, boolean technical) throws StoreException {
        List<DutyRoster.OnDuty> onDuty = staffing.onDutyNow();
        List<EscalationPolicy.Step> steps = technical ? policy.technical() : policy.care();
        List<StepPreview> preview = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EscalationPolicy.Step step = steps.get(i);
            Set<String> people = new LinkedHashSet<>();
            for (Audience audience : step.audiences()) {
                people.addAll(recipients(audience, Optional.of(grid), onDuty));
            }
            List<Map<String, Object>> named = people.stream().map(id -> staffing.find(id)
                    .map(member -> Map.<String, Object>of("displayName", member.displayName(),
                            "role", member.role().name(), "consoleOpen", consoles.anyOpenFor(Set.of(id))))
                    .orElse(Map.of("displayName", id))).toList();
            boolean everyone = step.audiences().contains(Audience.ALL_CONSOLES);
            boolean outsideNamed = step.audiences().contains(Audience.OUTSIDE);
            boolean outside = outsideNamed && outsideConfigured;
            boolean onScreen = consoles.anyOpenFor(people) || everyone && consoles.anyOpenFor(maySee(grid));
            preview.add(new StepPreview(i + 1, step.afterS(), step.audiences().stream().map(Enum::name).sorted().toList(),
                    named, everyone, outside, !onScreen && !outside, outsideNamed && !outsideConfigured));
        }
        return preview;
    }

    /** Everyone who may see a care call from this grid: its community's staff and the district's administrators. */
    private Set<String> maySee(Area grid) {
        return staffing.everyone().stream().filter(member -> Scope.districtWide(member)
                || grid.siteId().equals(member.siteId())).map(Staff::id).collect(Collectors.toSet());
    }

    String audienceNames(EscalationPolicy.Step step) {
        String known = audienceNames.get(step);
        if (known == null) {
            if (audienceNames.size() >= MAX_NAMES) {
                audienceNames.clear(); // a bound against policies edited without end, not an eviction policy
            }
            known = step.audiences().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            audienceNames.put(step, known);
        }
        return known;
    }

    private Set<String> recipients(Audience audience, Optional<Area> grid, List<DutyRoster.OnDuty> onDuty) {
        String siteId = grid.map(Area::siteId).orElse(null);
        return switch (audience) {
            case GRID_DUTY -> grid.isEmpty() ? Set.of() : careOnDuty(onDuty, duty -> duty.covers(grid.get()));
            case SITE_DUTY -> siteId == null ? Set.of() : careOnDuty(onDuty, duty -> siteId.equals(duty.siteId()));
            case SUPERVISORS -> staffWith(Role.SUPERVISOR, siteId);
            case TECHNICIANS -> staffWith(Role.TECHNICIAN, siteId);
            case ALL_CONSOLES, OUTSIDE -> Set.of();
        };
    }

    /** The duty workers and supervisors on duty where {@code where} says, in roster order; a loop, as every call asks. */
    private static Set<String> careOnDuty(List<DutyRoster.OnDuty> onDuty, Predicate<DutyRoster.OnDuty> where) {
        Set<String> ids = new LinkedHashSet<>();
        for (DutyRoster.OnDuty duty : onDuty) {
            if (where.test(duty) && CARE.contains(duty.staff().role())) {
                ids.add(duty.staff().id());
            }
        }
        return ids;
    }

    /** Staff of a role in the community (all of them where the call's community is unknown). */
    private Set<String> staffWith(Role role, String siteId) {
        return staffing.everyone().stream().filter(member -> member.role() == role && !member.disabled())
                .filter(member -> siteId == null || siteId.equals(member.siteId()))
                .map(Staff::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
