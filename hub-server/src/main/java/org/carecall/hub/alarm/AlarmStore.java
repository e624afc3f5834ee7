package org.carecall.hub.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.News;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/**
 * Durable storage of calls, on either engine of the hub's store (SQLite embedded, PostgreSQL for a
 * district); {@code AlarmStoreContract} in the tests says what every engine must do.
 *
 * <p>Guarantees: {@link #record} completes only after the outcome is committed; a unit's alarm id is stored
 * at most once, whether it arrives once or a hundred times, in one group commit or across restarts. Ids
 * are the units' own: one unit's id never finds another unit's call, and a call whose id another unit's
 * call already had is stored under an id the hub makes ({@link Alarm#unitAlarmId} keeps the unit's).
 */
public interface AlarmStore {

    /**
     * Writes a call as {@link #record(NewAlarm, FirstSteps)} would, on the same statements, and rolls it
     * back: nothing is kept. For the rehearsal at start; completes once rolled back.
     */
    CompletableFuture<Void> rehearse(NewAlarm report, FirstSteps firstSteps);

    /** How many open calls there are of each kind in each state, counted by the store (for the metrics). */
    List<OpenCount> openCounts() throws StoreException;

    record OpenCount(AlarmKind kind, AlarmState state, int count) {
    }

    /** Stores a new call, counts a repeat press on an open one, or recognises a resend. */
    default CompletableFuture<Recorded> record(NewAlarm report) {
        return record(report, FirstSteps.NONE);
    }

    /**
     * The same, and when the report is stored as a new call, escalation's {@code firstSteps} in the same
     * transaction: the call is stored with its steps fired, who they rang and their timeline lines.
     */
    CompletableFuture<Recorded> record(NewAlarm report, FirstSteps firstSteps);

    /**
     * Makes one {@link AlarmMove} of the call with the hub's id {@code alarmId}: sets the move's state and
     * facts and writes {@code entry} (made by {@link AlarmMove#entry}) in one transaction, if the call is in
     * a state the move may leave. The state is checked by the update itself ({@code UPDATE ... WHERE state IN
     * (...)}), so of two racing takes exactly one succeeds on any engine, however many writers it has.
     * Completes with the call before and after; a refused move with the call as it stands, twice.
     */
    default CompletableFuture<Moved> move(String alarmId, AlarmMove move, AlarmMove.Facts facts, TimelineEntry entry) {
        return move(alarmId, move, facts, entry, Alongside.NONE);
    }

    /** The same, storing {@code alongside} in the move's transaction if the move is made. */
    CompletableFuture<Moved> move(String alarmId, AlarmMove move, AlarmMove.Facts facts, TimelineEntry entry,
                                  Alongside alongside);

    /** The same for a call its unit names by its own id (a unit names only its own calls). */
    CompletableFuture<Moved> moveUnitsCall(String deviceId, String unitAlarmId, AlarmMove move, AlarmMove.Facts facts,
                                           TimelineEntry entry);

    /**
     * What a {@link #move} did: {@code moved}, and the call {@code before} and {@code after} it. Refused, both
     * are the call as it stands; both are empty for a call the store does not know.
     */
    record Moved(boolean moved, Optional<Alarm> before, Optional<Alarm> after) {
        static Moved missing() {
            return new Moved(false, Optional.empty(), Optional.empty());
        }

        static Moved refused(Alarm current) {
            return new Moved(false, Optional.of(current), Optional.of(current));
        }

        public boolean refused() {
            return !moved && after.isPresent();
        }
    }

    /** Writes a note on an open call's timeline, changing nothing else; empty if the call is closed or unknown. */
    CompletableFuture<Optional<Alarm>> note(String alarmId, TimelineEntry entry);

    /** The facts of a call's handling that a move may set. */
    enum HandlingField {
        NOTIFIED_AT, ACKNOWLEDGED_AT, ACKNOWLEDGED_BY, ACKNOWLEDGED_NAME, ARRIVED_AT, RESOLVED_AT, OUTCOME,
        ESCALATION_STEP, NEXT_ESCALATION_AT
    }

    /**
     * Claims an escalation step: moves the alarm's step counter from {@code expectedStep} to {@code newStep}
     * and stores when the next one is due (null: none), if the alarm is in one of {@code states}. WON for
     * exactly one caller, however many sweeps race, and never for a call someone has taken meanwhile; BUSY
     * when another hub node's transaction holds the call's row, so that this claim did not wait for it: ask
     * again in a moment.
     */
    CompletableFuture<Claimed<Claim>> claimEscalation(String alarmId, Set<AlarmState> states, int expectedStep,
                                                      int newStep, Instant nextAt);

    /**
     * Claims one round of the retries of a call whose every step reached nobody: moves its next escalation
     * time from {@code due} to {@code next}, if nobody has taken it and it is still due then, marks it
     * unhandled from the round's time (once: {@code unreached_at} keeps the first), and writes
     * {@code firstNote} on its timeline if this is the call's first round. Claimed by exactly one caller,
     * however many hub nodes sweep at once; BUSY as for {@link #claimEscalation}. The claimer's {@code news} of
     * the round (the call as the claim commits it) is told in the claim's transaction.
     */
    CompletableFuture<Claimed<Round>> claimRound(String alarmId, Instant due, Instant next, TimelineEntry firstNote,
                                                 Function<Alarm, ? extends News> news);

    /** What {@link #claimRound} found: another caller had the round (or the call was taken), or which it was. */
    enum Round { NOT_CLAIMED, FIRST, AGAIN, BUSY }

    /** What {@link #claimEscalation} found: this caller has the step, another had it, or the row was busy. */
    enum Claim { WON, LOST, BUSY }

    /**
     * A claim's outcome, and the call as committed with it when the claim was this caller's (null
     * otherwise): what the claimer tells of it is the call as stored, not as it was read before.
     */
    record Claimed<T extends Enum<T>>(T outcome, Alarm alarm) {
        static <T extends Enum<T>> Claimed<T> not(T outcome) {
            return new Claimed<>(outcome, null);
        }
    }

    /** Sets or clears (null) when an open alarm next escalates, leaving its step counter alone. */
    CompletableFuture<Boolean> scheduleEscalation(String alarmId, Instant nextAt);

    /**
     * Records whom an escalation step rang (staff ids; none: the step reached nobody, which is recorded
     * too), for the audit of who was told of a call, and tells the step's {@code news} (who rings, a roster gap)
     * in the same transaction, so that the other hub nodes ring as the store has it. Nobody waits for it on
     * the alarm path.
     */
    CompletableFuture<Void> recordRinging(String alarmId, int step, String audiences, Set<String> staffIds, Instant at,
                                          List<? extends News> news);

    /** Who a call rings, as its notification rows have it: the staff rung and the audiences named. */
    record Rung(Set<String> staffIds, Set<String> audiences) {
    }

    /**
     * Who each call still waiting for somebody rings, from its notification rows: a call not yet taken
     * rings everyone its steps rang; a taken call rings only those rung since (nobody came on site).
     * Any hub node reads the same, whichever node rang.
     */
    Map<String, Rung> ringingNow() throws StoreException;

    /** When each unit's newest test call arrived, by unit id: its last weekly test passed then. */
    Map<String, Instant> lastTestCalls() throws StoreException;

    /** Open alarms whose next escalation time has come, the longest due first, at most {@code limit}. */
    List<Alarm> dueForEscalation(Instant now, int limit) throws StoreException;

    /**
     * A page of alarms of the given kinds, newest first. With {@code openOnly}: the board, which is the open
     * calls and the cancelled ones that staff have not yet confirmed by phone.
     */
    List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, int limit, int offset) throws StoreException;

    /**
     * The same, leaving out the calls of units placed with a resident of another community than
     * {@code siteId} (null: every community's; "" for a person of no community: only units placed with
     * nobody), as {@code access.Scope} judges them.
     */
    List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, String siteId, int limit, int offset) throws StoreException;

    /** How many alarms {@link #page(boolean, Set, String, int, int)} would page through. */
    int count(boolean openOnly, Set<AlarmKind> kinds, String siteId) throws StoreException;

    /** How many alarms {@link #page} would page through. */
    int count(boolean openOnly, Set<AlarmKind> kinds) throws StoreException;

    /** Alarms received in a time range, for the reports. */
    List<Alarm> receivedBetween(Instant from, Instant to) throws StoreException;

    Optional<Alarm> find(String alarmId) throws StoreException;

    /** A device's calls that are not resolved or cancelled, oldest first. */
    List<Alarm> openAlarmsOf(String deviceId) throws StoreException;

    /** The newest calls from the units bound to a resident (her file's history), newest first. */
    List<Alarm> recentOfResident(String residentId, int limit) throws StoreException;

    /** Every call not resolved or cancelled, oldest first. */
    List<Alarm> openAlarms() throws StoreException;

    List<TimelineEntry> timeline(String alarmId) throws StoreException;

    /** How many calls are stored with this id (0 or 1 when all is well): for checks and tests. */
    int countById(String alarmId) throws StoreException;

    /** One row of an alarm's story: what happened, who did it, when and from where. */
    record TimelineEntry(Instant at, String action, String actor, String origin, String note) {
    }
}
