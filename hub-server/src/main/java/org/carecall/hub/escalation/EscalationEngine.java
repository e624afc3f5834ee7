package org.carecall.hub.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.alarm.FirstSteps;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmClass;
import org.carecall.protocol.AlarmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every call to the people who should answer it and climbs when nobody does. A new call rings the
 * first step of its community's policy at once; the alarm row stores how many steps have fired and when
 * the next is due, and a periodic {@link #sweep()} (also run at start-up) fires whatever is overdue, so an
 * escalation resumes on time after a hub restart. Each step is claimed in the store before it fires, so a
 * step fires once however many sweeps race. An acknowledged call with nobody on site climbs again after
 * the policy's on-site timeout. Technical alarms follow the technicians' chain.
 *
 * <p>Ringing is not reaching. A call becomes NOTIFIED only when a person saw it ({@link #seen}: a console
 * that was ringing for it confirmed it showed it) or the outside channel answered success. A step that can
 * reach nobody (nobody on duty, no console open, no outside channel) moves on at once and says so; a step
 * that rang open consoles, none of which showed the call within the display timeout, moves on then. When
 * the last step has reached nobody the call is unreached: it rings every console that opens, each shows
 * it as a system alarm, and the outside channel is tried again until somebody is reached.
 */
public final class EscalationEngine {
    private static final Logger log = LoggerFactory.getLogger(EscalationEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Role> CARE = EnumSet.of(Role.DUTY, Role.SUPERVISOR);
    private static final Set<AlarmState> WAITING = EnumSet.of(AlarmState.RECEIVED, AlarmState.NOTIFIED);

    private static final int MAX_STEP_NOTES = 1_000;
    private static final Duration BUSY_RETRY = Duration.ofMillis(50);

    private final Map<NoteKey, String> stepNotes = new ConcurrentHashMap<>();
    /** Each policy step's audiences as the timeline names them; a community has a handful of steps. */
    private final Map<EscalationPolicy.Step, String> audienceNames = new ConcurrentHashMap<>();
    private final AlarmStore alarms;
    private final AlarmLifecycle lifecycle;
    private final DutyRoster roster;
    private final Community community;
    private final DeviceRegistry devices;
    private final StaffDirectory staff;
    private final EscalationPolicies policies;
    private final Ringing ringing;
    private final OutsideChannel outside;
    private final HubEvents events;
    private final OpenConsoles consoles;
    private final Timing timing;
    private final HubMetrics metrics;
    private final Clock clock;

    /** How long a rung step waits to be seen, and how often an unreached call tries the outside channel. */
    public record Timing(Duration displayTimeout, Duration unreachedRetry) {
    }

    public EscalationEngine(AlarmStore alarms, AlarmLifecycle lifecycle, DutyRoster roster, Community community,
                            DeviceRegistry devices, StaffDirectory staff, EscalationPolicies policies, Ringing ringing,
                            OutsideChannel outside, HubEvents events, OpenConsoles consoles,
                            Timing timing, HubMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.alarms = alarms;
        this.lifecycle = lifecycle;
        this.roster = roster;
        this.community = community;
        this.devices = devices;
        this.staff = staff;
        this.policies = policies;
        this.ringing = ringing;
        this.outside = outside;
        this.events = events;
        this.consoles = consoles;
        this.timing = timing;
        this.clock = clock;
    }

    /** Follows the hub's events: new calls start ringing; taken and closed calls stop. */
    public void onEvent(HubEvent event) {
        try {
            switch (event) {
                // Test calls prove the path only; the weekly test closes them without ringing anyone. A call
                // stored with its first steps (firstSteps) rings when the intake says it is committed.
                case HubEvent.AlarmRaised raised when !raised.alarm().test()
                        && raised.alarm().handling().escalationStep() == 0 -> advance(raised.alarm(), 0);
                case HubEvent.AlarmUpdated updated -> followUp(updated.alarm());
                default -> { }
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not handle {}: {}", event.getClass().getSimpleName(), e.getMessage(), e);
        }
    }

    /**
     * The steps a new call fires the moment it is stored, decided from what is in memory before the write
     * so that they commit with the call: the first step, and the ones after it while a step can reach
     * nobody; past the last, the call is unreached. Once the call is committed, {@code announce} rings
     * this node's consoles and tells the events, as the claimed steps of {@link #sweep} do. A test call
     * fires nothing; a failure here leaves the call to be escalated once stored, as before.
     */
    public FirstSteps firstSteps(Alarm call) {
        if (call.test()) {
            return FirstSteps.NONE;
        }
        try {
            Optional<Area> area = areaOf(call);
            List<EscalationPolicy.Step> steps = chain(call, area);
            List<DutyRoster.OnDuty> onDuty = roster.onDutyNow();
            List<StepDecision> fired = new ArrayList<>();
            while (fired.size() < steps.size() && (fired.isEmpty() || !fired.getLast().reaches())) {
                fired.add(decide(call, fired.size(), steps.get(fired.size()), area, onDuty));
            }
            if (fired.isEmpty()) {
                return FirstSteps.NONE; // a chain without steps: the old path says it is unreached
            }
            boolean unreached = !fired.getLast().reaches();
            List<AlarmStore.TimelineEntry> notes = new ArrayList<>();
            fired.forEach(decision -> notes.add(entry("ESCALATION", stepNote(decision))));
            if (unreached) {
                notes.add(unreachedNote());
            }
            Instant nextAt = unreached ? clock.instant().plus(timing.unreachedRetry())
                    : nextLook(call, steps, fired.size() - 1);
            List<FirstSteps.Rang> rang = fired.stream()
                    .map(decision -> new FirstSteps.Rang(decision.index() + 1, decision.audiences(), decision.people()))
                    .toList();
            return new FirstSteps(fired.size(), nextAt, rang, notes, stored -> {
                // A call no step could reach is logged once, as unreached, not once a step.
                fired.forEach(decision -> announce(stored, decision, stepNews(stored, decision), !unreached));
                if (unreached) {
                    markUnreached(stored);
                    unreachedRound(stored, steps.size(), AlarmStore.Round.FIRST, null);
                }
            }, stored -> {
                List<HubEvent> news = new ArrayList<>();
                fired.forEach(decision -> news.addAll(stepNews(stored, decision)));
                if (unreached) {
                    news.add(unreachedNews(stored, steps.size()));
                }
                return news;
            });
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not plan the first steps of call {}: {}", call.id(), e.getMessage(), e);
            return FirstSteps.NONE;
        }
    }

    /**
     * Fires every step that is due. Safe to run from several threads at once; the hub runs it on the
     * event thread, so that it never interleaves with a call being taken. The answer completes once every
     * step it claimed has rung (tests wait for it; the hub does not).
     */
    public CompletableFuture<Void> sweep() {
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        try {
            for (Alarm alarm : alarms.dueForEscalation(clock.instant())) {
                if (alarm.state() == AlarmState.ACKNOWLEDGED) {
                    steps.add(nobodyOnSite(alarm));
                } else if (WAITING.contains(alarm.state())) {
                    List<EscalationPolicy.Step> chain = chain(alarm);
                    int fired = alarm.handling().escalationStep();
                    String notSeen = null;
                    if (alarm.state() == AlarmState.RECEIVED && fired > 0 && fired < chain.size()
                            && clock.instant().isBefore(alarm.receivedAt().plusSeconds(chain.get(fired).afterS()))) {
                        // Due before the policy's time: the display deadline of a step nobody saw.
                        notSeen = stepNote(fired, chain.get(fired - 1), Set.of(), false, false, "not-seen");
                    }
                    steps.add(advance(alarm, chain, fired, notSeen));
                }
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation sweep failed: {}", e.getMessage(), e);
        }
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
    }

    /**
     * Who rings, read from the store: at start, and when another node stopped (some of its news may never
     * have come). Every console of every node then rings for the same calls: the people each call's steps
     * rang, and every console for a care call whose every step reached nobody.
     */
    public void recover() {
        try {
            Map<String, Boolean> unreached = new HashMap<>();
            for (Alarm alarm : alarms.openAlarms()) {
                if (alarm.state() == AlarmState.RECEIVED && !alarm.test()
                        && alarm.handling().escalationStep() >= chain(alarm).size()) {
                    unreached.put(alarm.id(), ringsEveryoneWhenUnreached(alarm));
                }
            }
            ringing.reload(alarms.ringingNow(), unreached);
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not read who is ringing: {}", e.getMessage(), e);
        }
    }

    /** Who one step of a policy would ring now: the people (and whether each has a console open). */
    public record StepPreview(int step, int afterS, List<String> audiences, List<Map<String, Object>> people,
                              boolean everyone, boolean outside) {
    }

    /**
     * Who each step of this policy would ring if a call came now from the grid: the roster as it stands,
     * the same rules as a real call. Nothing is rung or stored.
     */
    public List<StepPreview> preview(EscalationPolicy policy, Area grid, boolean technical) throws StoreException {
        List<DutyRoster.OnDuty> onDuty = roster.onDutyNow();
        List<EscalationPolicy.Step> steps = technical ? policy.technical() : policy.care();
        List<StepPreview> preview = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            EscalationPolicy.Step step = steps.get(i);
            Set<String> people = new LinkedHashSet<>();
            for (Audience audience : step.audiences()) {
                people.addAll(recipients(audience, Optional.of(grid), onDuty));
            }
            List<Map<String, Object>> named = people.stream().map(id -> staff.find(id).map(member -> Map.<String, Object>of(
                    "displayName", member.displayName(), "role", member.role().name(),
                    "consoleOpen", consoles.anyOpenFor(Set.of(id)))).orElse(Map.of("displayName", id)))
                    .toList();
            preview.add(new StepPreview(i + 1, step.afterS(), step.audiences().stream().map(Enum::name).sorted().toList(),
                    named, step.audiences().contains(Audience.ALL_CONSOLES),
                    step.audiences().contains(Audience.OUTSIDE) && outside.configured()));
        }
        return preview;
    }

    public Ringing ringing() {
        return ringing;
    }

    /**
     * A console confirmed it showed the ringing call to {@code by}: the first such sighting makes the call
     * NOTIFIED and moves escalation's next look back to the policy's time (a call somebody saw climbs on
     * the policy's times, not on the display deadline). The caller has checked that this console was
     * ringing for the call and that its person may see it.
     */
    public CompletableFuture<AlarmLifecycle.Result> seen(Alarm alarm, Staff by, String origin) {
        return reached(alarm, by, origin, by.displayName()); // the caller has just read the call
    }

    /** {@code current}: the call as stored now, for its step count; the move itself is guarded in the store. */
    private CompletableFuture<AlarmLifecycle.Result> reached(Alarm current, Staff by, String origin, String who) {
        try {
            List<EscalationPolicy.Step> steps = chain(current);
            int fired = current.handling().escalationStep();
            Instant next = fired < steps.size() ? current.receivedAt().plusSeconds(steps.get(fired).afterS()) : null;
            return lifecycle.reached(current.id(), by, origin, who, next);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * When a call taken at {@code at} is looked at again: by then somebody must be on site, or it climbs.
     * The lifecycle stores it with the move that takes the call, so that taking it is one write.
     */
    public Instant onSiteCheck(Alarm alarm, Instant at) {
        try {
            // Whole milliseconds, as the store keeps them, so the stored time compares equal.
            return Instant.ofEpochMilli(at.toEpochMilli()).plusSeconds(policy(alarm).onSiteTimeoutS());
        } catch (StoreException e) {
            throw new IllegalStateException("the call's escalation policy could not be read: " + e.getMessage(), e);
        }
    }

    private void followUp(Alarm alarm) throws StoreException {
        switch (alarm.state()) {
            case ACKNOWLEDGED -> {
                ringing.stop(alarm.id());
                Instant check = onSiteCheck(alarm, alarm.handling().acknowledgedAt());
                if (!check.equals(alarm.handling().nextEscalationAt())) {
                    schedule(alarm, check); // not stored with the move itself (see onSiteCheck)
                }
            }
            case ON_SITE, RESOLVED, CANCELLED -> {
                ringing.stop(alarm.id());
                if (alarm.handling().nextEscalationAt() != null) {
                    schedule(alarm, null);
                }
            }
            default -> { }
        }
    }

    /** Fires step number {@code fired} (0-based) if this caller wins the claim, then falls through if nobody was there. */
    private CompletableFuture<Void> advance(Alarm alarm, int fired) throws StoreException {
        return advance(alarm, chain(alarm), fired);
    }

    /**
     * Claims a step in the store and, once the claim is committed, fires it on the event thread, in order
     * with the hub's other events. The event thread never waits for the store: it also carries every
     * console's news, and a storm of calls must not queue that news behind escalation's commits. Past the
     * last step, a call nobody saw is unreached.
     */
    private CompletableFuture<Void> advance(Alarm alarm, List<EscalationPolicy.Step> steps, int index) {
        return advance(alarm, steps, index, null);
    }

    /** The same, with a line for the timeline that only the node whose claim wins writes. */
    private CompletableFuture<Void> advance(Alarm alarm, List<EscalationPolicy.Step> steps, int index,
                                            String claimedNote) {
        if (index >= steps.size()) {
            return unreached(alarm, steps.size());
        }
        Instant nextLook = nextLook(alarm, steps, index);
        CompletableFuture<Void> rung = new CompletableFuture<>();
        alarms.claimEscalation(alarm.id(), WAITING, index, index + 1, nextLook).whenComplete((claim, failure) -> {
            if (failure != null) {
                log.error("escalation: could not claim step {} of call {}: {}", index + 1, alarm.id(), failure.getMessage());
                rung.complete(null);
            } else if (claim.outcome() == AlarmStore.Claim.WON) {
                if (claimedNote != null) {
                    note(alarm, "ESCALATION", claimedNote);
                }
                // Run where the claim's commit puts it among the hub's events: a take committed after the
                // claim is heard after this step rang, and stops it.
                events.run(() -> fire(claim.alarm(), steps, index).whenComplete((done, error) -> rung.complete(null)));
            } else if (claim.outcome() == AlarmStore.Claim.BUSY) {
                askAgain(() -> advance(alarm, steps, index, claimedNote), rung);
            } else {
                rung.complete(null); // another sweep fired this step, or someone took the call meanwhile
            }
        });
        return rung;
    }

    /**
     * Another hub node's transaction held the call's row: the claim is made again in a moment, on the event
     * thread, and decides then (that node may have claimed the step, or only noted a sighting).
     */
    private void askAgain(java.util.function.Supplier<CompletableFuture<Void>> claim, CompletableFuture<Void> done) {
        CompletableFuture.delayedExecutor(BUSY_RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> events.run(() -> claim.get().whenComplete((ok, error) -> done.complete(null))));
    }

    /** When escalation looks at a call again after step {@code index} fired: the next step's time, or sooner. */
    private Instant nextLook(Alarm alarm, List<EscalationPolicy.Step> steps, int index) {
        Instant next = index + 1 < steps.size() ? alarm.receivedAt().plusSeconds(steps.get(index + 1).afterS()) : null;
        if (alarm.state() == AlarmState.RECEIVED) {
            // Nobody has seen the call yet: if no console shows it in time, the next step fires then.
            Instant deadline = clock.instant().plus(timing.displayTimeout());
            next = next == null || deadline.isBefore(next) ? deadline : next;
        }
        return next;
    }

    /** {@code claimed}: the call as committed with the claim, so still waiting for somebody. */
    private CompletableFuture<Void> fire(Alarm claimed, List<EscalationPolicy.Step> steps, int index) {
        try {
            if (!ring(claimed, index, steps.get(index))) {
                return advance(claimed, steps, index + 1); // nobody can be reached: move on at once
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation: step {} of call {} failed: {}", index + 1, claimed.id(), e.getMessage(), e);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Rings one step's audiences; false when the step can reach nobody at all (nobody on duty, none of
     * them with a console open, no outside channel).
     */
    private boolean ring(Alarm alarm, int index, EscalationPolicy.Step step) throws StoreException {
        StepDecision decision = decide(alarm, index, step, areaOf(alarm), roster.onDutyNow());
        List<HubEvent> news = stepNews(alarm, decision);
        unwaited(alarms.recordRinging(alarm.id(), index + 1, decision.audiences(), decision.people(), clock.instant(),
                news), "record who was rung for", alarm);
        note(alarm, "ESCALATION", stepNote(decision));
        announce(alarm, decision, news, true);
        return decision.reaches();
    }

    /**
     * What one step does when it fires: whom it rings, whether any of them (or every console) has a console
     * open to show the call, and whether the outside channel is tried.
     */
    private record StepDecision(int index, EscalationPolicy.Step step, String audiences, Optional<Area> area,
                                Set<String> people, boolean everyone, boolean outside, boolean onScreen) {
        boolean reaches() {
            return onScreen || outside;
        }

        /** Nobody of the step's audiences is on duty: a gap in the roster. */
        boolean nobodyOnDuty() {
            return people.isEmpty() && !everyone;
        }

        /** Why a step reached nobody, for the timeline; null when it reached somebody. */
        String nobodyBecause() {
            return reaches() ? null : nobodyOnDuty() ? "nobody-on-duty" : "no-console";
        }
    }

    /** Decides a step from what is in memory: the call's grid, who is on duty, the staff and the open consoles. */
    private StepDecision decide(Alarm alarm, int index, EscalationPolicy.Step step, Optional<Area> area,
                                List<DutyRoster.OnDuty> onDuty) {
        Set<String> people = new LinkedHashSet<>();
        boolean everyone = step.audiences().contains(Audience.ALL_CONSOLES);
        boolean outsideToo = step.audiences().contains(Audience.OUTSIDE) && outside.configured();
        for (Audience audience : step.audiences()) {
            people.addAll(recipients(audience, area, onDuty));
        }
        boolean onScreen = consoles.anyOpenFor(people) || everyone && consoles.anyOpenThatMaySee(alarm);
        return new StepDecision(index, step, audienceNames(step), area, people, everyone, outsideToo, onScreen);
    }

    private String audienceNames(EscalationPolicy.Step step) {
        String known = audienceNames.get(step);
        if (known == null) {
            if (audienceNames.size() >= MAX_STEP_NOTES) {
                audienceNames.clear(); // a bound against policies edited without end, not an eviction policy
            }
            known = step.audiences().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            audienceNames.put(step, known);
        }
        return known;
    }

    /**
     * A fired step, once its rows are written (or queued behind the call's own): this node's consoles ring
     * (even when nobody can see the call yet: a console that opens later still rings), the metrics count
     * it, a step that reaches somebody tries the outside channel, and the step's news (the same events its
     * write kept for the other nodes) is told to this node's parts.
     */
    private void announce(Alarm alarm, StepDecision decision, List<HubEvent> news, boolean logNobody) {
        ringing.ring(alarm.id(), decision.people(), decision.everyone());
        if (decision.nobodyOnDuty()) {
            metrics.rosterGap();
        }
        metrics.escalationStep(decision.reaches());
        if (!decision.reaches() && logNobody) {
            log.warn("escalation: call {} step {} can reach nobody ({}: {}); moving on", alarm.id(),
                    decision.index() + 1, decision.audiences(), decision.nobodyBecause());
        }
        if (decision.reaches() && decision.outside()) {
            callOutside(alarm, decision.area(), alarm.id() + "/step-" + (decision.index() + 1));
        }
        // The claim stored the display deadline already, so a sighting always comes after it.
        news.forEach(events::publish);
    }

    /**
     * What a fired step tells this node's parts and, with the rows that record it, the other hub nodes: a
     * roster gap where nobody was on duty, and who rings when the step reaches somebody.
     */
    private static List<HubEvent> stepNews(Alarm alarm, StepDecision decision) {
        List<HubEvent> news = new ArrayList<>(2);
        if (decision.nobodyOnDuty()) {
            news.add(new HubEvent.RosterGap(alarm, decision.area().map(a -> "grid " + a.name())
                    .orElse("this call's community")));
        }
        if (decision.reaches()) {
            news.add(new HubEvent.AlarmEscalated(alarm, decision.index() + 1, decision.audiences(),
                    Set.copyOf(decision.people()), decision.everyone()));
        }
        return news;
    }

    /** A round of a call every step of which reached nobody, as told to this node's parts and the others. */
    private static HubEvent unreachedNews(Alarm alarm, int steps) {
        return new HubEvent.AlarmEscalated(alarm, steps, HubEvent.AlarmEscalated.UNREACHED, Set.of(),
                ringsEveryoneWhenUnreached(alarm));
    }

    private String stepNote(StepDecision decision) {
        return stepNote(decision.index() + 1, decision.step(), decision.people(), decision.everyone(),
                decision.reaches() && decision.outside(), decision.nobodyBecause());
    }

    /**
     * Every step has reached nobody: the call rings every console that opens, each shows a system alarm,
     * and the outside channel (if any) is tried again every retry interval until somebody is reached.
     */
    private CompletableFuture<Void> unreached(Alarm alarm, int steps) {
        // The round due as the caller saw it (the sweep's due call, or the deadline this node's own claim of
        // the last step stored), not as read now: another node may have claimed it and stored the next one.
        Instant due = alarm.handling().nextEscalationAt();
        AlarmStore.TimelineEntry firstNote = unreachedNote();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // One node claims each round, so the outside channel and the timeline hear of it once.
        alarms.claimRound(alarm.id(), due, clock.instant().plus(timing.unreachedRetry()), firstNote,
                        claimed -> unreachedNews(claimed, steps))
                .whenComplete((round, failure) -> {
                    if (failure != null) {
                        log.error("escalation: could not claim a round of unreached call {}: {}", alarm.id(),
                                failure.getMessage());
                    } else if (round.outcome() == AlarmStore.Round.BUSY) {
                        askAgain(() -> unreached(alarm, steps), done);
                        return;
                    } else if (round.outcome() != AlarmStore.Round.NOT_CLAIMED) {
                        // Still RECEIVED as the claim committed it. A round another node claimed (or a call
                        // seen meanwhile) is not this node's: that node's news marks it here.
                        events.run(() -> {
                            markUnreached(round.alarm());
                            unreachedRound(round.alarm(), steps, round.outcome(), due);
                        });
                    }
                    done.complete(null);
                });
        return done;
    }

    /** The timeline's line for the first time a call is found unreached. */
    private AlarmStore.TimelineEntry unreachedNote() {
        return entry("UNREACHED", outside.configured() ? "outside channel retried every "
                + timing.unreachedRetry().toSeconds() + " s" : "no outside channel configured");
    }

    /** A round this node claimed: the outside channel, keyed by when the round was due, and the consoles' news. */
    private void unreachedRound(Alarm alarm, int steps, AlarmStore.Round round, Instant due) {
        if (round == AlarmStore.Round.FIRST) {
            metrics.callUnreached();
            log.error("escalation: call {} reached nobody after {} steps; every console that opens rings",
                    alarm.id(), steps);
        }
        if (outside.configured()) {
            try {
                callOutside(alarm, areaOf(alarm), alarm.id() + "/unreached-"
                        + (due == null ? "first" : String.valueOf(due.toEpochMilli())));
            } catch (StoreException e) {
                log.error("escalation: could not tell the outside channel of call {}: {}", alarm.id(), e.getMessage());
            }
        }
        events.publish(unreachedNews(alarm, steps));
    }

    /** A care call that reached nobody rings every console; a technical alarm keeps to its own chain. */
    private boolean markUnreached(Alarm alarm) {
        return ringing.markUnreached(alarm.id(), ringsEveryoneWhenUnreached(alarm));
    }

    private static boolean ringsEveryoneWhenUnreached(Alarm alarm) {
        return alarm.kind().alarmClass() != AlarmClass.TECHNICAL;
    }

    /**
     * News from another hub node: its escalation rang people or found a call unreached, or someone took
     * the call there. This node's consoles ring and stop alike; the store was written by that node.
     */
    public void onOtherNode(HubEvent event) {
        switch (event) {
            case HubEvent.AlarmEscalated escalated when escalated.unreached() ->
                    ringing.markUnreached(escalated.alarm().id(), escalated.everyone());
            case HubEvent.AlarmEscalated escalated ->
                    ringing.ring(escalated.alarm().id(), escalated.rang(), escalated.everyone());
            case HubEvent.AlarmUpdated updated when !WAITING.contains(updated.alarm().state()) ->
                    ringing.stop(updated.alarm().id());
            default -> { }
        }
    }

    /** The outside channel counts as reaching somebody only when its receiver answered success. */
    private void callOutside(Alarm alarm, Optional<Area> area, String key) {
        outside.send(key, outsideMessage(alarm, area, key)).whenComplete((delivered, failure) -> {
            if (Boolean.TRUE.equals(delivered)) {
                events.run(() -> {
                    try {
                        // Read again: the call may have climbed or been taken while the gateway answered.
                        alarms.find(alarm.id()).ifPresent(current -> reached(current, null, "outside-channel",
                                "outside channel").whenComplete((done, e) -> {
                                    if (e != null) {
                                        log.error("escalation: could not record the outside channel's answer for"
                                                + " {}: {}", alarm.id(), e.getMessage());
                                    }
                                }));
                    } catch (StoreException e) {
                        log.error("escalation: could not read call {} after the outside channel answered: {}",
                                alarm.id(), e.getMessage());
                    }
                });
            } else {
                metrics.outsideChannelFailed();
                note(alarm, "OUTSIDE_FAILED", "the outside channel did not answer success");
            }
        });
    }

    /**
     * A step's line on the timeline, as data a console can put in words in its own language. A community
     * has a handful of distinct lines (each step of each grid, rung or not), so each is made once and kept.
     */
    private String stepNote(int step, EscalationPolicy.Step policyStep, Set<String> people, boolean everyone,
                            boolean outsideToo, String nobodyBecause) {
        List<String> rang = people.stream().map(id -> staff.find(id).map(Staff::displayName).orElse(id)).sorted().toList();
        NoteKey key = new NoteKey(step, policyStep, rang, everyone, outsideToo, nobodyBecause);
        String known = stepNotes.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("step", step);
        note.put("afterS", policyStep.afterS());
        note.put("audiences", policyStep.audiences().stream().map(Enum::name).sorted().toList());
        note.put("rang", rang);
        note.put("everyone", everyone);
        note.put("outside", outsideToo);
        note.put("reachedNobody", nobodyBecause);
        try {
            String made = JSON.writeValueAsString(note);
            if (stepNotes.size() >= MAX_STEP_NOTES) {
                stepNotes.clear(); // a bound against an unusual roster, not an eviction policy
            }
            stepNotes.put(key, made);
            return made;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a step's line is made of. */
    private record NoteKey(int step, EscalationPolicy.Step policyStep, List<String> rang, boolean everyone,
                           boolean outside, String nobodyBecause) {
    }

    /**
     * Whoever said "I'm coming" has not arrived in time: the step after the one that fired rings again. The
     * claim is not waited for on the event thread; what follows it runs there once it is stored.
     */
    private CompletableFuture<Void> nobodyOnSite(Alarm alarm) throws StoreException {
        Instant again = clock.instant().plusSeconds(policy(alarm).onSiteTimeoutS());
        return claimOnSiteCheck(alarm, again);
    }

    private CompletableFuture<Void> claimOnSiteCheck(Alarm alarm, Instant again) {
        int fired = alarm.handling().escalationStep();
        CompletableFuture<Void> done = new CompletableFuture<>();
        alarms.claimEscalation(alarm.id(), EnumSet.of(AlarmState.ACKNOWLEDGED), fired, fired + 1, again)
                .whenComplete((claim, failure) -> {
                    if (failure != null) {
                        log.error("escalation: could not claim the on-site check of call {}: {}", alarm.id(),
                                failure.getMessage());
                    } else if (claim.outcome() == AlarmStore.Claim.BUSY) {
                        askAgain(() -> claimOnSiteCheck(alarm, again), done);
                        return;
                    } else if (claim.outcome() == AlarmStore.Claim.WON) {
                        events.run(() -> {
                            ringAgainForNobodyOnSite(claim.alarm(), fired);
                            done.complete(null);
                        });
                        return;
                    }
                    done.complete(null);
                });
        return done;
    }

    private void ringAgainForNobodyOnSite(Alarm alarm, int fired) {
        try {
            List<EscalationPolicy.Step> steps = chain(alarm);
            EscalationPolicy.Step step = steps.get(Math.min(fired, steps.size() - 1));
            note(alarm, "NOBODY_ON_SITE", alarm.handling().acknowledgedName());
            Set<String> people = new LinkedHashSet<>();
            Optional<Area> area = areaOf(alarm);
            List<DutyRoster.OnDuty> onDuty = roster.onDutyNow();
            for (Audience audience : step.audiences()) {
                people.addAll(recipients(audience, area, onDuty));
            }
            boolean everyone = step.audiences().contains(Audience.ALL_CONSOLES);
            ringing.ring(alarm.id(), people, everyone);
            HubEvent again = new HubEvent.AlarmEscalated(alarm, fired + 1, "on-site timeout", Set.copyOf(people),
                    everyone);
            // Stored like a step's ringing, so a node that starts or hears of a lost node rings them too.
            unwaited(alarms.recordRinging(alarm.id(), fired + 1, audienceNames(step), people, clock.instant(),
                    List.of(again)), "record who rings again for", alarm);
            events.publish(again);
        } catch (StoreException | RuntimeException e) {
            log.error("escalation: could not ring again for call {} nobody reached: {}", alarm.id(), e.getMessage(), e);
        }
    }

    private Set<String> recipients(Audience audience, Optional<Area> area, List<DutyRoster.OnDuty> onDuty) {
        String siteId = area.map(Area::siteId).orElse(null);
        return switch (audience) {
            case GRID_DUTY -> area.isEmpty() ? Set.of() : careOnDuty(onDuty, duty -> duty.covers(area.get()));
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

    /**
     * Staff of a role in the community (all of them where the call's community is unknown). Staff of no
     * community are not rung for a community's call: {@code access.Scope} would not show it to them.
     */
    private Set<String> staffWith(Role role, String siteId) {
        return staff.all().stream().filter(member -> member.role() == role && !member.disabled())
                .filter(member -> siteId == null || siteId.equals(member.siteId()))
                .map(Staff::id).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private List<EscalationPolicy.Step> chain(Alarm alarm) throws StoreException {
        return chain(alarm, areaOf(alarm));
    }

    private List<EscalationPolicy.Step> chain(Alarm alarm, Optional<Area> area) throws StoreException {
        EscalationPolicy policy = policies.forSite(area.map(Area::siteId).orElse(null));
        return alarm.kind().alarmClass() == AlarmClass.TECHNICAL ? policy.technical() : policy.care();
    }

    private EscalationPolicy policy(Alarm alarm) throws StoreException {
        return policies.forSite(areaOf(alarm).map(Area::siteId).orElse(null));
    }

    /** The resident's grid, from the device's resident; empty for a unit not bound to anyone. */
    private Optional<Area> areaOf(Alarm alarm) throws StoreException {
        String residentId = devices.find(alarm.deviceId()).map(device -> device.residentId()).orElse(null);
        if (residentId == null) {
            return Optional.empty();
        }
        var resident = community.resident(residentId);
        return resident.isEmpty() ? Optional.empty() : community.area(resident.get().areaId());
    }

    /** When the call is next looked at (null: never). */
    private void schedule(Alarm alarm, Instant at) {
        unwaited(alarms.scheduleEscalation(alarm.id(), at), "schedule", alarm);
    }

    /** A line on the call's timeline. */
    private void note(Alarm alarm, String action, String text) {
        unwaited(alarms.update(alarm.id(), Map.of(), entry(action, text)), "note on", alarm);
    }

    /** A line of escalation's own on a call's timeline, as of now. */
    private AlarmStore.TimelineEntry entry(String action, String text) {
        return new AlarmStore.TimelineEntry(clock.instant(), action, "hub", "escalation", text);
    }

    /** A write nobody waits for: the writer stores it in order with the rest; a failure is logged. */
    private static void unwaited(CompletableFuture<?> write, String what, Alarm alarm) {
        write.whenComplete((done, failure) -> {
            if (failure != null) {
                log.error("escalation: could not {} call {}: {}", what, alarm.id(), failure.getMessage());
            }
        });
    }

    private String outsideMessage(Alarm alarm, Optional<Area> area, String key) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", "alarm.unanswered");
        message.put("key", key);
        message.put("alarmId", alarm.id());
        message.put("kind", alarm.kind().name());
        message.put("deviceId", alarm.deviceId());
        message.put("receivedAt", alarm.receivedAt().toString());
        area.ifPresent(a -> message.put("area", a.name()));
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
