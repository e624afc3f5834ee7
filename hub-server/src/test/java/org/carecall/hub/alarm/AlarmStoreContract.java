package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.AlarmMove.Facts;
import org.carecall.hub.alarm.AlarmStore.Round;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.support.NewerNode;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every engine behind {@link AlarmStore} must do, whatever SQL it speaks: each engine's test extends
 * this class and only says how to open and close its store.
 */
public abstract class AlarmStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");
    /** What the store's changes tell the other hub nodes: the hub's own events, as in a running hub. */
    protected static final org.carecall.hub.events.HubEvents NEWS = new org.carecall.hub.events.HubEvents();
    /** What a claimed round of an unreached call tells the other hub nodes. */
    protected static final java.util.function.Function<Alarm, HubEvent> UNREACHED_NEWS = alarm ->
            new HubEvent.AlarmEscalated(alarm, 3, HubEvent.AlarmEscalated.UNREACHED, Set.of(), true);
    protected static final Set<AlarmState> TAKEABLE = Set.of(AlarmState.RECEIVED, AlarmState.NOTIFIED);

    protected AlarmStore store;
    private int seq;

    /** A fresh, empty store of this engine. */
    protected abstract AlarmStore open() throws Exception;

    protected abstract void close() throws Exception;

    /** The store's database, for writing rows as a newer hub node would. */
    protected abstract org.carecall.hub.store.Database database();

    @BeforeEach
    void start() throws Exception {
        store = open();
    }

    @AfterEach
    void stop() throws Exception {
        close();
    }

    /** Each move of the table, on this engine's store. */
    @Nested
    class Moves extends AlarmMovesContract {
        @Override
        protected AlarmStore store() {
            return store;
        }
    }

    @Test
    void aCallIsStoredOnceHoweverOftenItIsSent() throws Exception {
        NewAlarm press = press("a-1", "bed-1", null);

        Recorded first = store.record(press).join();
        Recorded again = store.record(press).join();

        assertThat(first).isInstanceOf(Recorded.Raised.class);
        assertThat(again).isInstanceOf(Recorded.Duplicate.class);
        assertThat(again.alarm().id()).isEqualTo("a-1");
        assertThat(store.countById("a-1")).isEqualTo(1);
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action).containsExactly("RECEIVED");
    }

    @Test
    void aRepeatPressIsCountedOnTheOpenCallAndItsResendIsRecognised() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();

        Recorded merged = store.record(press("a-2", "bed-1", "a-1")).join();
        Recorded resent = store.record(press("a-2", "bed-1", "a-1")).join();

        assertThat(merged).isInstanceOf(Recorded.Merged.class);
        assertThat(merged.alarm().pressCount()).isEqualTo(2);
        assertThat(resent).isEqualTo(new Recorded.Duplicate(store.find("a-1").orElseThrow(), "a-2"));
        assertThat(store.countById("a-2")).isZero();
        assertThat(store.find("a-1").orElseThrow().pressCount()).isEqualTo(2);
    }

    @Test
    void aRepeatOfAClosedCallRaisesANewOne() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        make("a-1", AlarmMove.RESOLVE, Facts.outcome("HELPED"));

        Recorded next = store.record(press("a-2", "bed-1", "a-1")).join();

        assertThat(next).isInstanceOf(Recorded.Raised.class);
        assertThat(store.openAlarmsOf("bed-1")).extracting(Alarm::id).containsExactly("a-2");
    }

    @Test
    void ofTwoRacingTakesExactlyOneMovesTheCall() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();

        List<CompletableFuture<AlarmStore.Moved>> takes = new ArrayList<>();
        for (String who : List.of("wang", "li")) {
            takes.add(store.move("a-1", AlarmMove.TAKE, Facts.by(who, who), AlarmMove.TAKE.entry(T0, "staff:" + who,
                    "test", null)));
        }

        List<AlarmStore.Moved> moves = takes.stream().map(CompletableFuture::join).toList();
        assertThat(moves).filteredOn(AlarmStore.Moved::moved).hasSize(1);
        AlarmStore.Moved refused = moves.stream().filter(move -> !move.moved()).findFirst().orElseThrow();
        assertThat(refused.after().orElseThrow().state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        String taker = store.find("a-1").orElseThrow().handling().acknowledgedBy();
        assertThat(taker).isIn("wang", "li");
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action).containsExactly("RECEIVED", "ACKNOWLEDGED");
    }

    @Test
    void aMoveFromTheWrongStateChangesNothing() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();

        AlarmStore.Moved move = make("a-1", AlarmMove.ARRIVE, Facts.by("wang", "Wang"));
        AlarmStore.Moved unknown = make("nope", AlarmMove.TAKE, Facts.by("wang", "Wang"));

        assertThat(move.moved()).isFalse();
        Alarm after = store.find("a-1").orElseThrow();
        assertThat(after.state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(after.handling().arrivedAt()).isNull();
        assertThat(store.timeline("a-1")).hasSize(1);
        assertThat(unknown).isEqualTo(new AlarmStore.Moved(false, Optional.empty(), Optional.empty()));
    }

    @Test
    void anIdAnotherUnitsCallHasIsStoredAsACallOfItsOwnAndNeverAnsweredWithTheOther() throws Exception {
        Recorded neighbours = store.record(press("a-1", "bed-1", null)).join();

        Recorded mine = store.record(press("a-1", "bed-2", null)).join();
        Recorded mineAgain = store.record(press("a-1", "bed-2", null)).join();
        Recorded theirsAgain = store.record(press("a-1", "bed-1", null)).join();

        assertThat(mine).as("a real press is never lost").isInstanceOf(Recorded.Raised.class);
        Alarm stored = mine.alarm();
        assertThat(stored.deviceId()).isEqualTo("bed-2");
        assertThat(stored.id()).as("stored under an id of its own").isNotEqualTo("a-1");
        assertThat(stored.unitAlarmId()).as("the unit knows it by its own id").isEqualTo("a-1");
        assertThat(mineAgain).isEqualTo(new Recorded.Duplicate(store.find(stored.id()).orElseThrow(), null));
        assertThat(theirsAgain.alarm().id()).isEqualTo("a-1");
        assertThat(theirsAgain.alarm().deviceId()).isEqualTo("bed-1");
        assertThat(store.find("a-1").orElseThrow()).isEqualTo(neighbours.alarm());
        assertThat(store.openAlarmsOf("bed-2")).extracting(Alarm::id).containsExactly(stored.id());
        // The unit cancels and repeats by its own id; the neighbour's call is untouched.
        assertThat(store.record(press("a-2", "bed-2", "a-1")).join()).isInstanceOf(Recorded.Merged.class)
                .extracting(Recorded::alarm).extracting(Alarm::id).isEqualTo(stored.id());
        assertThat(cancel("bed-2", "a-1").after())
                .hasValueSatisfying(alarm -> assertThat(alarm.id()).isEqualTo(stored.id()));
        assertThat(store.find("a-1").orElseThrow().state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(store.find("a-1").orElseThrow().pressCount()).isEqualTo(1);
    }

    @Test
    void aPressIdAnotherUnitUsedIsCountedOnTheUnitsOwnCall() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.record(press("p-1", "bed-1", "a-1")).join();
        store.record(press("b-1", "bed-2", null)).join();

        Recorded merged = store.record(press("p-1", "bed-2", "b-1")).join();
        Recorded resent = store.record(press("p-1", "bed-2", "b-1")).join();

        assertThat(merged).isInstanceOf(Recorded.Merged.class);
        assertThat(merged.alarm().id()).isEqualTo("b-1");
        assertThat(resent).isEqualTo(new Recorded.Duplicate(store.find("b-1").orElseThrow(), "p-1"));
        assertThat(store.find("b-1").orElseThrow().pressCount()).isEqualTo(2);
        assertThat(store.find("a-1").orElseThrow().pressCount()).isEqualTo(2);
    }

    @Test
    void aUnitsMoveNeedsTheCallsOwnUnitAndAnOpenCall() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();

        assertThat(cancel("bed-2", "a-1").after()).isEmpty();
        assertThat(cancel("bed-1", "a-1").after())
                .hasValueSatisfying(alarm -> assertThat(alarm.state()).isEqualTo(AlarmState.CANCELLED));
        assertThat(store.moveUnitsCall("bed-1", "a-1", AlarmMove.SEE, Facts.NONE,
                AlarmMove.SEE.entry(T0, "outside", "test", null)).join().moved()).isFalse();
        assertThat(store.find("a-1").orElseThrow().state()).isEqualTo(AlarmState.CANCELLED);
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action).containsExactly("RECEIVED", "CANCELLED");
    }

    @Test
    void aNoteKeepsTheStateAndGoesOnlyOnOpenCalls() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.record(press("a-2", "bed-2", null)).join();
        make("a-2", AlarmMove.RESOLVE, Facts.outcome(null));

        assertThat(store.note("a-1", entry("NOTE")).join()).hasValueSatisfying(alarm ->
                assertThat(alarm.state()).isEqualTo(AlarmState.RECEIVED));
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action).containsExactly("RECEIVED", "NOTE");
        assertThat(store.note("a-2", entry("NOTE")).join()).isEmpty();
        assertThat(store.timeline("a-2")).extracting(TimelineEntry::action).containsExactly("RECEIVED", "RESOLVED");
        assertThat(store.note("nobody", entry("NOTE")).join()).isEmpty();
    }

    @Test
    void anEscalationStepIsClaimedOnceAndNeverForATakenCall() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.record(press("a-2", "bed-2", null)).join();
        make("a-2", AlarmMove.TAKE, Facts.by("wang", "Wang"));

        var first = store.claimEscalation("a-1", TAKEABLE, 0, 1, T0.plusSeconds(30));
        var second = store.claimEscalation("a-1", TAKEABLE, 0, 1, T0.plusSeconds(30));

        assertThat(List.of(first.join().outcome(), second.join().outcome()))
                .containsExactlyInAnyOrder(AlarmStore.Claim.WON, AlarmStore.Claim.LOST);
        // The winner is handed the call as its claim committed it; the loser nothing.
        AlarmStore.Claimed<AlarmStore.Claim> won = first.join().outcome() == AlarmStore.Claim.WON ? first.join() : second.join();
        AlarmStore.Claimed<AlarmStore.Claim> lost = won == first.join() ? second.join() : first.join();
        assertThat(won.alarm().handling().escalationStep()).isEqualTo(1);
        assertThat(won.alarm().handling().nextEscalationAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(lost.alarm()).isNull();
        assertThat(store.claimEscalation("a-2", TAKEABLE, 0, 1, null).join().outcome()).isEqualTo(AlarmStore.Claim.LOST);
        assertThat(store.dueForEscalation(T0.plusSeconds(29), 10)).isEmpty();
        assertThat(store.dueForEscalation(T0.plusSeconds(30), 10)).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.scheduleEscalation("a-1", null).join()).isTrue();
        assertThat(store.dueForEscalation(T0.plusSeconds(30), 10)).isEmpty();
    }

    @Test
    void dueCallsComeTheLongestDueFirstAndNoMoreThanAsked() throws Exception {
        for (String id : List.of("a-1", "a-2", "a-3")) {
            store.record(press(id, "bed-" + id, null)).join();
        }
        store.scheduleEscalation("a-1", T0.plusSeconds(30)).join();
        store.scheduleEscalation("a-2", T0.plusSeconds(10)).join();
        store.scheduleEscalation("a-3", T0.plusSeconds(20)).join();

        assertThat(store.dueForEscalation(T0.plusSeconds(60), 2)).extracting(Alarm::id).containsExactly("a-2", "a-3");
        assertThat(store.dueForEscalation(T0.plusSeconds(60), 10)).extracting(Alarm::id)
                .containsExactly("a-2", "a-3", "a-1");
    }

    @Test
    void oneRoundOfRetriesIsClaimedOnceAndOnlyWhileNobodyHasTakenTheCall() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.scheduleEscalation("a-1", T0.plusSeconds(120)).join();

        var first = store.claimRound("a-1", T0.plusSeconds(120), T0.plusSeconds(180), entry("UNREACHED"), UNREACHED_NEWS);
        var second = store.claimRound("a-1", T0.plusSeconds(120), T0.plusSeconds(180), entry("UNREACHED"), UNREACHED_NEWS);

        assertThat(List.of(first.join().outcome(), second.join().outcome()))
                .containsExactlyInAnyOrder(Round.FIRST, Round.NOT_CLAIMED);
        assertThat(List.of(first.join(), second.join())).filteredOn(round -> round.outcome() == Round.FIRST)
                .singleElement().satisfies(round -> assertThat(round.alarm().handling().nextEscalationAt())
                        .isEqualTo(T0.plusSeconds(180)));
        assertThat(store.find("a-1").orElseThrow().handling().nextEscalationAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(store.claimRound("a-1", T0.plusSeconds(180), T0.plusSeconds(240), entry("UNREACHED"), UNREACHED_NEWS).join()
                .outcome()).isEqualTo(Round.AGAIN);
        assertThat(store.timeline("a-1")).filteredOn(row -> row.action().equals("UNREACHED")).hasSize(1);
        assertThat(store.find("a-1").orElseThrow().handling().unreachedAt()).as("the first round's time, kept")
                .isEqualTo(entry("UNREACHED").at());
        // Seen on a console that opened, the call is still nobody's: its rounds go on until it is taken.
        make("a-1", AlarmMove.SEE, Facts.nextLook(T0.plusSeconds(240)));
        assertThat(store.find("a-1").orElseThrow().unhandled()).isTrue();
        assertThat(store.claimRound("a-1", T0.plusSeconds(240), T0.plusSeconds(300), entry("UNREACHED"), UNREACHED_NEWS).join()
                .outcome()).isEqualTo(Round.AGAIN);
        make("a-1", AlarmMove.TAKE, Facts.by("wang", "Wang"));
        assertThat(store.find("a-1").orElseThrow().unhandled()).isFalse();
        assertThat(store.claimRound("a-1", T0.plusSeconds(300), T0.plusSeconds(360), entry("UNREACHED"), UNREACHED_NEWS).join()
                .outcome()).isEqualTo(Round.NOT_CLAIMED);
    }

    @Test
    void aCallStoredWithFirstStepsThatReachedNobodyIsUnhandledFromItsArrival() throws Exception {
        FirstSteps nobody = new FirstSteps(3, T0.plusSeconds(60), true, List.of(new FirstSteps.Rang(1, "GRID_DUTY", Set.of())),
                List.of(entry("ESCALATION")), alarm -> { }, alarm -> List.of());

        Recorded stored = store.record(press("a-1", "bed-1", null), nobody).join();

        assertThat(stored.alarm().unhandled()).isTrue();
        assertThat(store.find("a-1").orElseThrow()).isEqualTo(stored.alarm());
    }

    @Test
    void eachUnitsLastTestCallIsItsNewest() throws Exception {
        store.record(test("t-1", "bed-1", T0)).join();
        store.record(test("t-2", "bed-1", T0.plusSeconds(60))).join();
        store.record(press("a-1", "bed-2", null)).join();

        assertThat(store.lastTestCalls()).isEqualTo(Map.of("bed-1", T0.plusSeconds(60)));
    }

    @Test
    void theBoardHoldsOpenCallsAndCancelledOnesNotYetConfirmed() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.record(press("a-2", "bed-2", null)).join();
        store.record(press("a-3", "bed-3", null)).join();
        cancel("bed-2", "a-2");
        make("a-3", AlarmMove.RESOLVE, Facts.outcome("HELPED"));
        Set<AlarmKind> all = Set.of(AlarmKind.values());

        assertThat(store.page(true, all, 10, 0)).extracting(Alarm::id).containsExactlyInAnyOrder("a-1", "a-2");
        assertThat(store.count(true, all)).isEqualTo(2);
        assertThat(store.count(false, all)).isEqualTo(3);
        assertThat(store.openAlarms()).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.page(false, Set.of(AlarmKind.SMOKE), 10, 0)).isEmpty();
    }

    @Test
    void aNewCallIsStoredWithItsFirstStepsAndAResendWritesThemNever() throws Exception {
        Instant next = T0.plusSeconds(20);
        FirstSteps steps = new FirstSteps(2, next, false, List.of(new FirstSteps.Rang(1, "GRID_DUTY", Set.of()),
                new FirstSteps.Rang(2, "SITE_DUTY, SUPERVISORS", Set.of("wang", "chen"))),
                List.of(entry("ESCALATION"), entry("ESCALATION")), alarm -> { }, alarm -> List.of());

        Recorded first = store.record(press("a-1", "bed-1", null), steps).join();
        Recorded again = store.record(new NewAlarm("a-1", "bed-1", AlarmKind.CALL_BUTTON, "call-button", T0, 1, false,
                null, null, T0, "127.0.0.1"), steps).join();

        assertThat(first).isInstanceOf(Recorded.Raised.class);
        assertThat(first.alarm().handling().escalationStep()).isEqualTo(2);
        Alarm stored = store.find("a-1").orElseThrow();
        assertThat(stored).isEqualTo(first.alarm());
        assertThat(stored.handling().nextEscalationAt()).isEqualTo(next);
        assertThat(again).isInstanceOf(Recorded.Duplicate.class);
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action)
                .containsExactly("RECEIVED", "ESCALATION", "ESCALATION");
        assertThat(store.ringingNow().get("a-1").staffIds()).containsExactlyInAnyOrder("wang", "chen");
        assertThat(store.ringingNow().get("a-1").audiences()).contains("GRID_DUTY");
        assertThat(store.dueForEscalation(next, 10)).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.dueForEscalation(next.minusMillis(1), 10)).isEmpty();
    }

    @Test
    void openCallsAreCountedByKindAndState() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.record(press("a-2", "bed-2", null)).join();
        store.record(press("a-3", "bed-3", null)).join();
        make("a-2", AlarmMove.TAKE, Facts.by("wang", "Wang"));
        make("a-3", AlarmMove.RESOLVE, Facts.outcome("HELPED"));

        assertThat(store.openCounts()).containsExactlyInAnyOrder(
                new AlarmStore.OpenCount(AlarmKind.CALL_BUTTON, AlarmState.RECEIVED, 1),
                new AlarmStore.OpenCount(AlarmKind.CALL_BUTTON, AlarmState.ACKNOWLEDGED, 1));
    }

    @Test
    void aCallOfAKindANewerNodeWroteIsReadAsUnknownAndStillListedCountedSweptAndTaken() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.scheduleEscalation("a-1", T0.plusSeconds(30)).join();
        NewerNode.writes(database(), "UPDATE alarm SET kind = 'FALL_DETECTED_V9' WHERE id = 'a-1'");
        store.record(press("a-2", "bed-2", null)).join();
        NewerNode.writes(database(), "UPDATE alarm SET state = 'TRIAGED_V9' WHERE id = 'a-2'");

        Alarm call = store.find("a-1").orElseThrow();
        assertThat(call.kind()).isEqualTo(AlarmKind.UNKNOWN); // rings as life-safety, as an unreadable call does
        assertThat(call.problem()).isEqualTo("kind FALL_DETECTED_V9, from a newer hub node");
        assertThat(store.openAlarms()).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.dueForEscalation(T0.plusSeconds(30), 10)).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.openCounts()).containsExactly(new AlarmStore.OpenCount(AlarmKind.UNKNOWN, AlarmState.RECEIVED, 1));
        assertThat(store.page(false, Set.of(AlarmKind.UNKNOWN), 10, 0)).extracting(Alarm::id).containsExactly("a-1");
        assertThat(store.page(false, Set.of(AlarmKind.CALL_BUTTON), 10, 0)).isEmpty(); // a-2's state is unknown here
        assertThat(store.find("a-2")).isEmpty();
        assertThat(store.receivedBetween(T0, T0.plusSeconds(60))).extracting(Alarm::id).containsExactly("a-1");

        assertThat(make("a-1", AlarmMove.TAKE, Facts.by("wang", "Wang")).moved()).isTrue();
        assertThat(store.find("a-1").orElseThrow().problem()).contains("FALL_DETECTED_V9"); // its kind is kept
    }

    /** Rows another part stores with a move (the family's news of a resolution), counted as written. */
    private static final class Counted implements org.carecall.hub.store.Alongside {
        int written;
        int committed;
        final boolean fails;

        Counted(boolean fails) {
            this.fails = fails;
        }

        @Override
        public int count() {
            return 1;
        }

        @Override
        public void write(java.sql.Connection connection) throws java.sql.SQLException {
            written++;
            if (fails) {
                throw new java.sql.SQLException("the family's outbox could not be written");
            }
        }

        @Override
        public void committed() {
            committed++;
        }
    }

    @Test
    void whatIsStoredAlongsideAMoveIsWrittenOnlyWithItAndAFailureUndoesTheMove() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        assertThat(make("a-1", AlarmMove.TAKE, Facts.by("wang", "Wang")).moved()).isTrue();
        var resolve = AlarmMove.RESOLVE.entry(T0.plusSeconds(2), "staff:wang", "test", "OK: fine");

        Counted failing = new Counted(true);
        assertThat(store.move("a-1", AlarmMove.RESOLVE, Facts.outcome("OK"), resolve, failing))
                .as("the move fails with what it stores alongside").failsWithin(java.time.Duration.ofSeconds(10));
        assertThat(failing.written).isEqualTo(1);
        assertThat(store.find("a-1").orElseThrow().state()).as("rolled back").isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(store.timeline("a-1")).extracting(TimelineEntry::action).doesNotContain("RESOLVED");

        Counted told = new Counted(false);
        assertThat(store.move("a-1", AlarmMove.RESOLVE, Facts.outcome("OK"), resolve, told).join().moved()).isTrue();
        Counted again = new Counted(false);
        assertThat(store.move("a-1", AlarmMove.RESOLVE, Facts.outcome("OK"), resolve, again).join().moved()).isFalse();
        assertThat(told.written).isEqualTo(1);
        assertThat(again.written).as("a refused move writes nothing alongside").isZero();
        assertThat(store.find("a-1").orElseThrow().state()).isEqualTo(AlarmState.RESOLVED);
    }

    protected NewAlarm press(String id, String deviceId, String repeatOf) {
        Instant at = T0.plusMillis(++seq);
        return new NewAlarm(id, deviceId, AlarmKind.CALL_BUTTON, "call-button", at, seq, false, repeatOf, null, at,
                "127.0.0.1");
    }

    private NewAlarm test(String id, String deviceId, Instant at) {
        return new NewAlarm(id, deviceId, AlarmKind.CALL_BUTTON, "test", at, ++seq, true, null, null, at, "127.0.0.1");
    }

    /** One move of the table by a member of staff, a second after T0. */
    protected AlarmStore.Moved make(String alarmId, AlarmMove move, Facts facts) {
        return store.move(alarmId, move, facts, move.entry(T0.plusSeconds(1), "staff:test", "test", null)).join();
    }

    /** The resident cancels at the unit, naming the call by the unit's own id. */
    protected AlarmStore.Moved cancel(String deviceId, String unitAlarmId) {
        return store.moveUnitsCall(deviceId, unitAlarmId, AlarmMove.CANCEL, Facts.NONE,
                AlarmMove.CANCEL.entry(T0.plusSeconds(1), "device:" + deviceId, "test", null)).join();
    }

    protected static TimelineEntry entry(String action) {
        return new TimelineEntry(T0.plusSeconds(1), action, "staff:test", "test", null);
    }
}
