package org.carecall.hub.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmMove;
import org.carecall.hub.alarm.AlarmStates;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.alarm.FirstSteps;
import org.carecall.hub.community.Area;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.store.News;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every call up its chain: claims each step in the store, fires it, and moves on when it reached
 * nobody. Who a step rings is the {@link EscalationPlanner}'s to say; what follows a fired step is the
 * {@link Announcer}'s.
 *
 * <ul>
 *   <li>A new call's first steps commit with the call ({@link #firstSteps}); every later step is claimed
 *       in the store before it fires, so it fires once however many sweeps and hub nodes race.</li>
 *   <li>The {@link #sweep} (also at start) acts on every call that is due, by its {@link EscalationState},
 *       so an escalation resumes on time after a restart; a call whose claim is still queued is left to
 *       the sweep that made it, and a backlog is read a batch at a time, the longest due first.</li>
 *   <li>The event thread never waits for the store: a claim's sequel runs there once it is committed, in
 *       order with the hub's other events (a take committed after the claim stops the step it rang).</li>
 *   <li>A call whose every step reached nobody is unreached: one node claims each round of it.</li>
 * </ul>
 */
public final class EscalationEngine {
    private static final Logger log = LoggerFactory.getLogger(EscalationEngine.class);
    private static final Duration BUSY_RETRY = Duration.ofMillis(50);
    /** Calls one sweep reads at most: a backlog is worked through the longest due first, a batch a sweep. */
    static final int SWEEP_BATCH = 500;
    /** How long a sweep leaves a call alone whose act an earlier sweep started and the store has not answered. */
    private static final Duration IN_HAND_AT_MOST = Duration.ofMinutes(1);

    private final AlarmStore store;
    private final EscalationPlanner planner;
    private final Announcer announcer;
    private final TimelineNotes notes;
    private final HubEvents events;
    private final Duration unreachedRetry;
    private final Clock clock;
    /** The calls a sweep is acting on, and since when: a busy store answers claims slower than sweeps come. */
    private final Map<String, Instant> inHand = new ConcurrentHashMap<>();

    /** {@code unreachedRetry}: how often an unreached call tries the outside channel again. */
    public EscalationEngine(AlarmStore store, EscalationPlanner planner, Announcer announcer, TimelineNotes notes,
                            HubEvents events, Duration unreachedRetry, Clock clock) {
        this.store = store;
        this.planner = planner;
        this.announcer = announcer;
        this.notes = notes;
        this.events = events;
        this.unreachedRetry = unreachedRetry;
        this.clock = clock;
    }

    public Ringing ringing() {
        return announcer.ringing();
    }

    /** Follows the hub's events: a call stored without its first steps starts ringing; taken and closed calls stop. */
    public void onEvent(HubEvent event) {
        try {
            switch (event) {
                // Test calls prove the path only; the weekly test closes them without ringing anyone. A call
                // stored with its first steps rings when the intake says it is committed.
                case HubEvent.AlarmRaised raised when !raised.alarm().test()
                        && raised.alarm().handling().escalationStep() == 0 ->
                        advance(raised.alarm(), planner.chains().chain(raised.alarm()), 0, null);
                case HubEvent.AlarmUpdated updated -> followUp(updated.alarm());
                default -> { }
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not handle {}: {}", event.getClass().getSimpleName(), e.getMessage(), e);
        }
    }

    /** News from another hub node: this node's consoles ring and stop alike. */
    public void onOtherNode(HubEvent event) {
        announcer.onOtherNode(event);
    }

    /**
     * The steps a new call fires the moment it is stored, planned before the write so that they commit
     * with it; once committed, they are announced like a claimed step. A failure here leaves the call to
     * be escalated once stored.
     */
    public FirstSteps firstSteps(Alarm call) {
        try {
            EscalationPlanner.Plan plan = planner.firstSteps(call, clock.instant(), unreachedRetry);
            if (plan.fired().isEmpty()) {
                return FirstSteps.NONE; // a test call, or a chain without steps: escalation looks once stored
            }
            boolean unreached = plan.unreached();
            Optional<Area> grid = plan.fired().getFirst().grid();
            List<AlarmStore.TimelineEntry> lines = new ArrayList<>();
            plan.fired().forEach(decision -> lines.add(notes.step(decision)));
            if (unreached) {
                lines.add(notes.unreached());
            }
            List<FirstSteps.Rang> rang = plan.fired().stream()
                    .map(decision -> new FirstSteps.Rang(decision.number(), decision.audiences(), decision.people()))
                    .toList();
            return new FirstSteps(plan.fired().size(), plan.nextAt(), unreached, rang, lines, stored -> {
                // A call no step could reach is logged once, as unreached, not once a step.
                plan.fired().forEach(decision -> announcer.step(stored, decision,
                        Announcer.stepNews(stored, decision), !unreached));
                if (unreached) {
                    announcer.unreachedFromTheStart(stored, plan.chainLength(), grid);
                }
            }, stored -> {
                List<News> news = new ArrayList<>();
                plan.fired().forEach(decision -> news.addAll(Announcer.stepNews(stored, decision)));
                if (unreached) {
                    news.add(Announcer.unreachedNews(stored, plan.chainLength()));
                }
                return news;
            });
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not plan the first steps of call {}: {}", call.id(), e.getMessage(), e);
            return FirstSteps.NONE;
        }
    }

    /**
     * Acts on every call that is due. Safe to run from several threads at once; the hub runs it on the event
     * thread. The answer completes once every step it claimed has rung (tests wait for it; the hub does not).
     */
    public CompletableFuture<Void> sweep() {
        List<CompletableFuture<Void>> acts = new ArrayList<>();
        try {
            Instant now = clock.instant();
            for (Alarm call : store.dueForEscalation(now, SWEEP_BATCH)) {
                if (!takeInHand(call, now)) {
                    continue; // an earlier sweep's claim is still queued behind the store's other writes
                }
                try {
                    acts.add(act(call, now).whenComplete((ok, failure) -> inHand.remove(call.id(), now)));
                } catch (StoreException | RuntimeException e) {
                    inHand.remove(call.id(), now);
                    log.error("escalation: call {} could not be acted on: {}", call.id(), e.getMessage(), e);
                }
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation sweep failed: {}", e.getMessage(), e);
        }
        return CompletableFuture.allOf(acts.toArray(CompletableFuture[]::new));
    }

    /** What the sweep does with a call that is due, by where its escalation stands. */
    private CompletableFuture<Void> act(Alarm call, Instant now) throws StoreException {
        List<EscalationPolicy.Step> chain = planner.chains().chain(call);
        return switch (EscalationState.of(call, chain, now)) {
            case EscalationState.Step step -> advance(call, chain, step.index(), null);
            case EscalationState.AwaitingSighting waiting -> advance(call, chain, waiting.fired(),
                    notes.notSeen(waiting.fired(), chain.get(waiting.fired() - 1)));
            case EscalationState.Unreached unreached -> unreachedRound(call, unreached);
            case EscalationState.OnSiteCheck check ->
                    claimOnSiteCheck(call, check.fired(), planner.chains().onSiteCheck(call, now));
            case EscalationState.Done done -> CompletableFuture.<Void>completedFuture(null);
        };
    }

    /**
     * Whether this sweep acts on the call: not while an earlier sweep's act on it is unanswered, unless that
     * has taken so long that something went wrong with it (the call is then never left behind).
     */
    private boolean takeInHand(Alarm call, Instant now) {
        Instant since = inHand.putIfAbsent(call.id(), now);
        if (since == null) {
            return true;
        }
        if (since.plus(IN_HAND_AT_MOST).isAfter(now)) {
            return false;
        }
        log.warn("escalation: call {} was taken in hand at {} and not answered since; acting on it again",
                call.id(), since);
        inHand.put(call.id(), now);
        return true;
    }

    /**
     * Who rings, read from the store: at start, and when another node stopped (some of its news may never
     * have come). Every console of every node then rings for the same calls.
     */
    public void recover() {
        try {
            Instant now = clock.instant();
            Map<String, Boolean> unreached = new HashMap<>();
            for (Alarm call : store.openAlarms()) {
                if (planner.stateOf(call, now) instanceof EscalationState.Unreached) {
                    unreached.put(call.id(), Announcer.ringsEveryoneWhenUnreached(call));
                }
            }
            ringing().reload(store.ringingNow(), unreached);
        } catch (StoreException | RuntimeException e) {
            log.error("escalation could not read who is ringing: {}", e.getMessage(), e);
        }
    }

    private void followUp(Alarm call) {
        switch (call.state()) {
            case ACKNOWLEDGED -> {
                announcer.stop(call);
                Instant check = planner.chains().onSiteCheck(call, call.handling().acknowledgedAt());
                if (!check.equals(call.handling().nextEscalationAt())) {
                    schedule(call, check); // not stored with the move itself
                }
            }
            case ON_SITE, RESOLVED, CANCELLED -> {
                announcer.stop(call);
                if (call.handling().nextEscalationAt() != null) {
                    schedule(call, null);
                }
            }
            default -> { }
        }
    }

    /**
     * Claims step {@code index} in the store and, once the claim is committed, fires it on the event
     * thread. {@code claimedLine}: a line for the timeline that only the node whose claim wins writes.
     * Past the last step, the call is unreached.
     */
    private CompletableFuture<Void> advance(Alarm call, List<EscalationPolicy.Step> chain, int index,
                                            AlarmStore.TimelineEntry claimedLine) {
        if (index >= chain.size()) {
            return unreachedRound(call, new EscalationState.Unreached(chain.size(), call.handling().nextEscalationAt()));
        }
        Instant nextLook = planner.nextLook(call, chain, index, clock.instant());
        CompletableFuture<Void> rung = new CompletableFuture<>();
        store.claimEscalation(call.id(), AlarmStates.WAITING, index, index + 1, nextLook).whenComplete((claim, failure) -> {
            if (failure != null) {
                log.error("escalation: could not claim step {} of call {}: {}", index + 1, call.id(), failure.getMessage());
                rung.complete(null);
            } else if (claim.outcome() == AlarmStore.Claim.WON) {
                if (claimedLine != null) {
                    TimelineNotes.write(store, call, claimedLine);
                }
                events.run(() -> fire(claim.alarm(), chain, index).whenComplete((done, error) -> rung.complete(null)));
            } else if (claim.outcome() == AlarmStore.Claim.BUSY) {
                askAgain(() -> advance(call, chain, index, claimedLine), rung);
            } else {
                rung.complete(null); // another sweep fired this step, or someone took the call meanwhile
            }
        });
        return rung;
    }

    /** {@code claimed}: the call as committed with the claim, so still waiting for somebody. */
    private CompletableFuture<Void> fire(Alarm claimed, List<EscalationPolicy.Step> chain, int index) {
        try {
            StepDecision decision = planner.decide(claimed, index, chain);
            List<HubEvent> news = Announcer.stepNews(claimed, decision);
            TimelineNotes.unwaited(store.recordRinging(claimed.id(), decision.number(), decision.audiences(),
                    decision.people(), clock.instant(), news), "record who was rung for", claimed);
            TimelineNotes.write(store, claimed, notes.step(decision));
            announcer.step(claimed, decision, news, true);
            if (!decision.reaches()) {
                return advance(claimed, chain, index + 1, null); // nobody can be reached: move on at once
            }
        } catch (StoreException | RuntimeException e) {
            log.error("escalation: step {} of call {} failed: {}", index + 1, claimed.id(), e.getMessage(), e);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A round of an unreached call: claimed by one node, so the outside channel and the timeline hear of
     * it once. {@code unreached.due()}: the round as the caller saw it (another node may have claimed it
     * and stored the next one since).
     */
    private CompletableFuture<Void> unreachedRound(Alarm call, EscalationState.Unreached unreached) {
        Instant due = unreached.due();
        CompletableFuture<Void> done = new CompletableFuture<>();
        store.claimRound(call.id(), due, clock.instant().plus(unreachedRetry), notes.unreached(),
                        claimed -> Announcer.unreachedNews(claimed, unreached.steps()))
                .whenComplete((round, failure) -> {
                    if (failure != null) {
                        log.error("escalation: could not claim a round of unreached call {}: {}", call.id(),
                                failure.getMessage());
                    } else if (round.outcome() == AlarmStore.Round.BUSY) {
                        askAgain(() -> unreachedRound(call, unreached), done);
                        return;
                    } else if (round.outcome() != AlarmStore.Round.NOT_CLAIMED) {
                        // A round another node claimed (or a call seen meanwhile) is that node's to announce.
                        events.run(() -> announceRound(round.alarm(), unreached.steps(),
                                round.outcome() == AlarmStore.Round.FIRST, due));
                    }
                    done.complete(null);
                });
        return done;
    }

    private void announceRound(Alarm claimed, int steps, boolean first, Instant due) {
        Optional<Area> grid = Optional.empty();
        try {
            grid = planner.chains().gridOf(claimed);
        } catch (StoreException e) {
            log.error("escalation: could not read the grid of unreached call {}: {}", claimed.id(), e.getMessage());
        }
        announcer.unreachedRound(claimed, steps, first, due, grid);
    }

    /**
     * Whoever said "I'm coming" has not arrived in time: the step after the one that fired rings again.
     * The claim is not waited for on the event thread; what follows it runs there once it is stored.
     */
    private CompletableFuture<Void> claimOnSiteCheck(Alarm call, int fired, Instant again) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        store.claimEscalation(call.id(), AlarmMove.ARRIVE.from(), fired, fired + 1, again)
                .whenComplete((claim, failure) -> {
                    if (failure != null) {
                        log.error("escalation: could not claim the on-site check of call {}: {}", call.id(),
                                failure.getMessage());
                    } else if (claim.outcome() == AlarmStore.Claim.BUSY) {
                        askAgain(() -> claimOnSiteCheck(call, fired, again), done);
                        return;
                    } else if (claim.outcome() == AlarmStore.Claim.WON) {
                        events.run(() -> {
                            ringAgain(claim.alarm(), fired);
                            done.complete(null);
                        });
                        return;
                    }
                    done.complete(null);
                });
        return done;
    }

    private void ringAgain(Alarm claimed, int fired) {
        try {
            TimelineNotes.write(store, claimed, notes.nobodyOnSite(claimed));
            StepDecision decision = planner.ringAgain(claimed, fired);
            HubEvent news = new HubEvent.AlarmEscalated(claimed, fired + 1, "on-site timeout",
                    Set.copyOf(decision.people()), decision.everyone());
            // Stored like a step's ringing, so a node that starts or hears of a lost node rings them too.
            TimelineNotes.unwaited(store.recordRinging(claimed.id(), fired + 1, decision.audiences(), decision.people(),
                    clock.instant(), List.of(news)), "record who rings again for", claimed);
            announcer.ringAgain(claimed, decision, news);
        } catch (StoreException | RuntimeException e) {
            log.error("escalation: could not ring again for call {} nobody reached: {}", claimed.id(), e.getMessage(), e);
        }
    }

    /**
     * Another hub node's transaction held the call's row: the claim is made again in a moment, on the event
     * thread, and decides then (that node may have claimed the step, or only noted a sighting).
     */
    private void askAgain(Supplier<CompletableFuture<Void>> claim, CompletableFuture<Void> done) {
        CompletableFuture.delayedExecutor(BUSY_RETRY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> events.run(() -> claim.get().whenComplete((ok, error) -> done.complete(null))));
    }

    /** When the call is next looked at (null: never). */
    private void schedule(Alarm call, Instant at) {
        TimelineNotes.unwaited(store.scheduleEscalation(call.id(), at), "schedule", call);
    }
}
