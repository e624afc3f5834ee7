package org.carecall.hub.alarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.Receipt;

/**
 * What staff do with a call: take it ("I'm coming"), arrive, resolve it. Each step is a guarded move in
 * the store (so of two people who tap at once, exactly one takes the call and the other is told who
 * has it), a timeline row with who, when and from where, an event for every console, and a receipt to
 * the resident's unit so its light and voice follow.
 */
public final class AlarmLifecycle {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlarmLifecycle.class);

    /** How a step went. */
    public sealed interface Result {
        record Done(Alarm alarm) implements Result {
        }

        /**
         * Refused: the call is not in a state that allows this, or the step is not this person's to take.
         * {@code reason} is a stable word a console translates; {@code why} says it in a sentence.
         */
        record Refused(Alarm alarm, String reason, String why) implements Result {
        }

        record Missing() implements Result {
        }
    }

    private final AlarmStore store;
    private final CallNews news;
    private final DeviceLink link;
    private final Clock clock;
    private final HubMetrics metrics;
    private final OnSiteCheck onSiteCheck;
    private final ResolutionNews resolutionNews;

    /**
     * {@code onSiteCheck}: escalation's time by which somebody who took a call must be on site;
     * {@code resolutionNews}: what a resolution stores beside it (the family's news).
     */
    public AlarmLifecycle(AlarmStore store, CallNews news, DeviceLink link, Clock clock, HubMetrics metrics,
                          OnSiteCheck onSiteCheck, ResolutionNews resolutionNews) {
        this.store = store;
        this.onSiteCheck = onSiteCheck;
        this.resolutionNews = resolutionNews;
        this.news = news;
        this.link = link;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** "I'm coming": first come, first served. */
    public Result acknowledge(String alarmId, Staff by, String origin) {
        return acknowledge(alarmId, null, by, origin);
    }

    /**
     * The same for a call as its taker's console read it: escalation's check that somebody arrived is
     * stored with the move itself, so taking a call is one write.
     */
    public Result acknowledge(Alarm alarm, Staff by, String origin) {
        return acknowledge(alarm.id(), alarm, by, origin);
    }

    private Result acknowledge(String alarmId, Alarm read, Staff by, String origin) {
        Instant now = clock.instant();
        AlarmMove.Facts taker = AlarmMove.Facts.by(by.id(), by.displayName());
        try {
            taker = taker.withNextLook(read == null ? null : onSiteCheck.after(read, now));
        } catch (RuntimeException e) {
            // Taking the call never waits on this: escalation stores the check after the move instead.
            log.warn("the on-site check of call {} is stored after it is taken: {}", alarmId, e.getMessage());
        }
        return step(alarmId, AlarmMove.TAKE, taker, actor(by), origin, null, now).join();
    }

    /** When escalation looks again at a call taken at {@code at}: nobody on site by then climbs. Null: not known. */
    @FunctionalInterface
    public interface OnSiteCheck {
        Instant after(Alarm alarm, Instant at);
    }

    /**
     * Staff are with the resident. Arriving without having tapped "I'm coming" also takes the call; a call
     * someone else took is theirs to mark (nobody can claim another's visit).
     */
    public Result arrive(String alarmId, Staff by, String origin) {
        Instant now = clock.instant();
        Optional<Alarm> taken = current(alarmId).filter(alarm -> alarm.state() == AlarmState.ACKNOWLEDGED);
        if (taken.isPresent() && !by.id().equals(taken.get().handling().acknowledgedBy())) {
            // Whoever took the call stays its owner: acknowledged_by is written once, when it is taken.
            return new Result.Refused(taken.get(), "not-yours", "taken by " + taken.get().handling().acknowledgedName());
        }
        AlarmMove.Facts arriving = AlarmMove.Facts.by(by.id(), by.displayName());
        Result result = step(alarmId, AlarmMove.ARRIVE, arriving, actor(by), origin, null, now).join();
        if (result instanceof Result.Refused refused
                && AlarmMove.TAKE_ON_ARRIVAL.allowedFrom(refused.alarm().state(), refused.alarm().handling().resolvedAt())) {
            return step(alarmId, AlarmMove.TAKE_ON_ARRIVAL, arriving, actor(by), origin, null, now).join();
        }
        return result;
    }

    /**
     * Closes the call; the outcome and a note are required, because the record must say what happened. A
     * call nobody has taken can be closed only by a supervisor (the note is the reason), so that no ringing
     * call is closed in passing. A call the resident cancelled stays on the board until someone has
     * confirmed by phone that all is well; resolving it records that confirmation and leaves it CANCELLED.
     */
    public Result resolve(String alarmId, Staff by, String origin, String outcome, String note) {
        if (outcome == null || outcome.isBlank() || note == null || note.isBlank()) {
            throw new IllegalArgumentException("resolving a call needs an outcome and a note");
        }
        Instant now = clock.instant();
        Optional<Alarm> before = current(alarmId);
        Optional<Alarm> untaken = before.filter(alarm -> AlarmStates.WAITING.contains(alarm.state()));
        if (untaken.isPresent() && !CallAction.SUPERVISING.contains(by.role())) {
            return new Result.Refused(untaken.get(), "not-taken", "nobody has taken the call yet; take it first,"
                    + " or ask a supervisor to close it with a reason");
        }
        AlarmMove.Facts closing = AlarmMove.Facts.outcome(outcome);
        Result result = step(alarmId, AlarmMove.RESOLVE, closing, actor(by), origin, outcome + ": " + note, now,
                before.map(call -> told(call, now)).orElse(Alongside.NONE)).join();
        if (result instanceof Result.Refused refused
                && AlarmMove.CONFIRM.allowedFrom(refused.alarm().state(), refused.alarm().handling().resolvedAt())) {
            return step(alarmId, AlarmMove.CONFIRM, closing, actor(by), origin, outcome + ": " + note, now).join();
        }
        return result;
    }

    /**
     * The hub closes a call it raised whose reason is gone (she checked in after all): resolved with an
     * outcome and a note saying so, whether or not anyone had taken it, and the unit hears RESOLVED.
     */
    public CompletableFuture<Result> resolveByHub(String alarmId, String outcome, String note, String origin) {
        return step(alarmId, AlarmMove.RESOLVE, AlarmMove.Facts.outcome(outcome), actor(null), origin,
                outcome + ": " + note, clock.instant());
    }

    /** A test call has arrived, which is all it had to prove: the hub closes it, and the unit's light goes out. */
    public CompletableFuture<Result> closeTest(String alarmId) {
        return step(alarmId, AlarmMove.CLOSE_TEST, AlarmMove.Facts.outcome("test"), actor(null), "weekly-test",
                "test: the test call arrived", clock.instant());
    }

    /**
     * A person has seen the ringing call (their console confirmed it showed it), or the outside channel
     * answered success ({@code by} null): RECEIVED becomes NOTIFIED, once, naming who, and the unit hears
     * NOTIFIED. Escalation's next look at the call moves to {@code nextEscalationAt}, since a call that
     * somebody saw climbs on the policy's times rather than at once. A later sighting is a timeline row.
     */
    public CompletableFuture<Result> reached(String alarmId, Staff by, String origin, String note,
                                             Instant nextEscalationAt) {
        Instant now = clock.instant();
        String actor = by == null ? "outside" : actor(by);
        return step(alarmId, AlarmMove.SEE, AlarmMove.Facts.nextLook(nextEscalationAt), actor, origin, note, now)
                .thenCompose(result -> {
                    if (result instanceof Result.Refused refused && refused.alarm().state() == AlarmState.NOTIFIED) {
                        var seen = new AlarmStore.TimelineEntry(now, "SHOWN", actor, origin, note);
                        return store.note(alarmId, seen).thenApply(updated -> result);
                    }
                    return CompletableFuture.completedFuture(result);
                });
    }

    private static String actor(Staff by) {
        return by == null ? "hub" : "staff:" + by.username();
    }

    /**
     * One move of the table, then what follows it once committed: every console is told, the time to see or
     * take the call is measured, and the unit hears the new state (a confirmation changes none).
     */
    private CompletableFuture<Result> step(String alarmId, AlarmMove move, AlarmMove.Facts facts, String actor,
                                           String origin, String note, Instant now) {
        return step(alarmId, move, facts, actor, origin, note, now, Alongside.NONE);
    }

    /** The same, storing {@code alongside} with the move. */
    private CompletableFuture<Result> step(String alarmId, AlarmMove move, AlarmMove.Facts facts, String actor,
                                           String origin, String note, Instant now, Alongside alongside) {
        var entry = move.entry(now, actor, origin, note);
        return store.move(alarmId, move, facts, entry, alongside).thenApply(moved -> {
            if (moved.after().isEmpty()) {
                return new Result.Missing();
            }
            Alarm alarm = moved.after().get();
            if (!moved.moved()) {
                return new Result.Refused(alarm, reason(alarm), why(alarm, move.to()));
            }
            news.tell(news.updated(alarm, entry.action()));
            alongside.committed();
            if (move == AlarmMove.SEE) {
                metrics.notified(Duration.between(alarm.receivedAt(), now));
            } else if (move.takes()) {
                metrics.acknowledged(Duration.between(alarm.receivedAt(), now)); // taken just now
            }
            if (move != AlarmMove.CONFIRM) {
                String name = AlarmStates.TAKEN.contains(move.to()) ? alarm.handling().acknowledgedName() : null;
                link.send(alarm.deviceId(), new Receipt(alarm.unitAlarmId(), move.to(), now, name, null, null));
            }
            return new Result.Done(alarm);
        });
    }

    /** The family's news of a resolution; a call is closed even when it could not be decided (then logged). */
    private Alongside told(Alarm call, Instant at) {
        try {
            return resolutionNews.decide(call, at);
        } catch (StoreException | RuntimeException e) {
            log.warn("the family's news of resolving call {} could not be decided: {}", call.id(), e.getMessage());
            return Alongside.NONE;
        }
    }

    private Optional<Alarm> current(String alarmId) {
        try {
            return store.find(alarmId);
        } catch (StoreException e) {
            throw new IllegalStateException("the call could not be read: " + e.getMessage(), e);
        }
    }

    private static String reason(Alarm alarm) {
        return switch (alarm.state()) {
            case ACKNOWLEDGED -> "taken";
            case ON_SITE -> "on-site";
            case RESOLVED -> "closed";
            case CANCELLED -> "cancelled";
            default -> "waiting";
        };
    }

    private static String why(Alarm alarm, AlarmState wanted) {
        String who = Optional.ofNullable(alarm.handling().acknowledgedName()).orElse("someone else");
        return switch (alarm.state()) {
            case ACKNOWLEDGED -> wanted == AlarmState.ACKNOWLEDGED ? "already taken by " + who : "taken by " + who;
            case ON_SITE -> who + " is already with the resident";
            case RESOLVED -> "the call is already resolved";
            case CANCELLED -> "the resident cancelled the call";
            default -> "the call is " + alarm.state().name().toLowerCase();
        };
    }
}
