package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.alarm.AlarmMove.Facts;
import org.carecall.hub.alarm.AlarmStore.Moved;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each move of {@link AlarmMove}'s table on a real store, from every place a call can stand: made where the
 * table allows it, refused everywhere else with the call as it stands and nothing written. Run on each
 * engine as a part of {@link AlarmStoreContract}, on the store it opens.
 */
public abstract class AlarmMovesContract {
    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");
    private static final Instant AT = T0.plusSeconds(90);

    /** Where a call can stand before a move: its state, and for a cancellation whether staff confirmed it. */
    enum Start { RECEIVED, NOTIFIED, ACKNOWLEDGED, ON_SITE, RESOLVED, CANCELLED, CONFIRMED }

    /** The table as the console's rules state it, written out apart from the code it checks. */
    private static final Map<AlarmMove, Set<Start>> ALLOWED = new EnumMap<>(Map.of(
            AlarmMove.TAKE, EnumSet.of(Start.RECEIVED, Start.NOTIFIED),
            AlarmMove.ARRIVE, EnumSet.of(Start.ACKNOWLEDGED),
            AlarmMove.TAKE_ON_ARRIVAL, EnumSet.of(Start.RECEIVED, Start.NOTIFIED),
            AlarmMove.SEE, EnumSet.of(Start.RECEIVED),
            AlarmMove.RESOLVE, EnumSet.of(Start.RECEIVED, Start.NOTIFIED, Start.ACKNOWLEDGED, Start.ON_SITE),
            AlarmMove.CLOSE_TEST, EnumSet.of(Start.RECEIVED, Start.NOTIFIED, Start.ACKNOWLEDGED, Start.ON_SITE),
            AlarmMove.CONFIRM, EnumSet.of(Start.CANCELLED),
            AlarmMove.CANCEL, EnumSet.of(Start.RECEIVED, Start.NOTIFIED, Start.ACKNOWLEDGED, Start.ON_SITE),
            AlarmMove.BACK_ONLINE, EnumSet.of(Start.RECEIVED, Start.NOTIFIED, Start.ACKNOWLEDGED, Start.ON_SITE)));

    private AlarmStore store;
    private int seq;

    /** The engine's fresh store, opened for each test. */
    protected abstract AlarmStore store();

    @BeforeEach
    void start() {
        store = store();
    }

    @ParameterizedTest
    @EnumSource(AlarmMove.class)
    void eachMoveIsMadeFromTheStatesItMayLeaveAndRefusedFromEveryOtherOrAnUnknownCall(AlarmMove move) throws Exception {
        for (Start start : Start.values()) {
            Alarm before = callAt(start);
            List<TimelineEntry> storyBefore = store.timeline(before.id());

            // Every fact given, times finer than a millisecond: the call the move answers with is the row as stored.
            Moved moved = store.move(before.id(), move, new Facts("wang", "Wang Fang", "HELPED",
                    AT.plusSeconds(600).plusNanos(123_456)), move.entry(AT.plusNanos(654_321), "staff:wang", "test", null))
                    .join();

            Alarm now = store.find(before.id()).orElseThrow();
            if (ALLOWED.get(move).contains(start)) {
                assertThat(moved.moved()).as(move + " from " + start).isTrue();
                assertThat(moved.before()).as("the call before " + move).contains(before);
                assertThat(moved.after()).as("the call after " + move).contains(now);
                assertThat(now.state()).isEqualTo(move.to());
                assertThat(store.timeline(before.id())).hasSize(storyBefore.size() + 1).last()
                        .extracting(TimelineEntry::action).isEqualTo(move.action());
            } else {
                assertThat(moved.moved()).as(move + " from " + start).isFalse();
                assertThat(moved.refused()).isTrue();
                assertThat(moved.before()).as("refused: the call as it stands").contains(before);
                assertThat(moved.after()).contains(before);
                assertThat(now).as("a refused move changes nothing").isEqualTo(before);
                assertThat(store.timeline(before.id())).isEqualTo(storyBefore);
            }
        }
        Moved unknown = store.move("nope", move, Facts.NONE, entry(move)).join();
        assertThat(unknown).as("a call nobody knows is missing, not refused")
                .isEqualTo(new Moved(false, Optional.empty(), Optional.empty()));
        assertThat(unknown.refused()).isFalse();
    }

    @Test
    void takingACallNamesWhoTookItAndKeepsEscalationsNextLookUnlessOneIsGiven() throws Exception {
        Alarm first = callAt(Start.RECEIVED);
        Alarm second = callAt(Start.RECEIVED);
        store.scheduleEscalation(first.id(), T0.plusSeconds(30)).join();
        store.scheduleEscalation(second.id(), T0.plusSeconds(30)).join();

        Alarm kept = make(first, AlarmMove.TAKE, Facts.by("wang", "Wang Fang"));
        Alarm checked = make(second, AlarmMove.TAKE, Facts.by("li", "Li Na").withNextLook(AT.plusSeconds(600)));

        assertThat(kept.handling().acknowledgedAt()).isEqualTo(AT);
        assertThat(kept.handling().acknowledgedBy()).isEqualTo("wang");
        assertThat(kept.handling().acknowledgedName()).isEqualTo("Wang Fang");
        assertThat(kept.handling().nextEscalationAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(checked.handling().nextEscalationAt()).isEqualTo(AT.plusSeconds(600));
        assertThat(kept.updatedAt()).isEqualTo(AT);
    }

    @Test
    void arrivingSetsTheArrivalAndLeavesTheTakerWhoTookIt() throws Exception {
        Alarm taken = callAt(Start.ACKNOWLEDGED);

        Alarm arrived = make(taken, AlarmMove.ARRIVE, Facts.by("li", "Li Na"));

        assertThat(arrived.handling().arrivedAt()).isEqualTo(AT);
        assertThat(arrived.handling().acknowledgedBy()).isEqualTo(taken.handling().acknowledgedBy());
        assertThat(arrived.handling().acknowledgedAt()).isEqualTo(taken.handling().acknowledgedAt());
    }

    @Test
    void arrivingAtAnUntakenCallTakesItToo() throws Exception {
        Alarm arrived = make(callAt(Start.NOTIFIED), AlarmMove.TAKE_ON_ARRIVAL, Facts.by("li", "Li Na"));

        assertThat(arrived.handling().acknowledgedAt()).isEqualTo(AT);
        assertThat(arrived.handling().arrivedAt()).isEqualTo(AT);
        assertThat(arrived.handling().acknowledgedName()).isEqualTo("Li Na");
    }

    @Test
    void aSightingSetsWhenTheCallWasSeenAndEscalationsNextLookEvenToNone() throws Exception {
        Alarm first = callAt(Start.RECEIVED);
        Alarm second = callAt(Start.RECEIVED);
        store.scheduleEscalation(second.id(), T0.plusSeconds(30)).join();

        Alarm seen = make(first, AlarmMove.SEE, Facts.nextLook(AT.plusSeconds(120)));
        Alarm cleared = make(second, AlarmMove.SEE, Facts.NONE);

        assertThat(seen.handling().notifiedAt()).isEqualTo(AT);
        assertThat(seen.handling().nextEscalationAt()).isEqualTo(AT.plusSeconds(120));
        assertThat(cleared.handling().nextEscalationAt()).isNull();
        assertThat(seen.handling().acknowledgedBy()).as("seeing is not taking").isNull();
    }

    @Test
    void closingACallOrATestStoresWhenAndTheOutcome() throws Exception {
        Alarm resolved = make(callAt(Start.ON_SITE), AlarmMove.RESOLVE, Facts.outcome("HELPED"));
        Alarm test = make(callAt(Start.RECEIVED), AlarmMove.CLOSE_TEST, Facts.outcome("test"));

        assertThat(resolved.handling().resolvedAt()).isEqualTo(AT);
        assertThat(resolved.handling().outcome()).isEqualTo("HELPED");
        assertThat(test.handling().outcome()).isEqualTo("test");
        assertThat(store.openAlarms()).isEmpty();
    }

    @Test
    void aCancelledCallIsConfirmedOnceAndThenLeavesTheBoard() throws Exception {
        Alarm cancelled = callAt(Start.CANCELLED);
        assertThat(cancelled.onBoard()).isTrue();

        Alarm confirmed = make(cancelled, AlarmMove.CONFIRM, Facts.outcome("WELL"));
        Moved again = store.move(cancelled.id(), AlarmMove.CONFIRM, Facts.outcome("OTHER"), entry(AlarmMove.CONFIRM)).join();

        assertThat(confirmed.state()).isEqualTo(AlarmState.CANCELLED);
        assertThat(confirmed.handling().resolvedAt()).isEqualTo(AT);
        assertThat(confirmed.handling().outcome()).isEqualTo("WELL");
        assertThat(confirmed.onBoard()).isFalse();
        assertThat(again.refused()).isTrue();
        assertThat(store.count(true, Set.of(AlarmKind.values()))).isZero();
    }

    @Test
    void theUnitsAndTheHubsMovesSetNoHandlingFacts() throws Exception {
        Alarm cancelled = store.moveUnitsCall("bed-1", callAt(Start.ACKNOWLEDGED).unitAlarmId(), AlarmMove.CANCEL,
                Facts.NONE, AlarmMove.CANCEL.entry(AT, "device:bed-1", "test", null)).join().after().orElseThrow();
        Alarm back = make(callAt(Start.RECEIVED), AlarmMove.BACK_ONLINE, Facts.by("wang", "Wang Fang"));

        assertThat(cancelled.state()).isEqualTo(AlarmState.CANCELLED);
        assertThat(cancelled.handling().resolvedAt()).isNull();
        assertThat(back.state()).isEqualTo(AlarmState.RESOLVED);
        assertThat(back.handling()).isEqualTo(Alarm.Handling.NONE);
    }

    @Test
    void aUnitMovesOnlyItsOwnCalls() throws Exception {
        Alarm call = callAt(Start.RECEIVED);

        Moved other = store.moveUnitsCall("bed-2", call.unitAlarmId(), AlarmMove.CANCEL, Facts.NONE,
                AlarmMove.CANCEL.entry(AT, "device:bed-2", "test", null)).join();

        assertThat(other.after()).isEmpty();
        assertThat(store.find(call.id()).orElseThrow()).isEqualTo(call);
    }

    /** A new call of unit bed-1 brought to {@code start} by the table's own moves, as stored. */
    private Alarm callAt(Start start) throws Exception {
        String id = "a-" + (++seq);
        Instant at = T0.plusMillis(seq);
        store.record(new NewAlarm(id, "bed-1", AlarmKind.CALL_BUTTON, "call-button", at, seq, false, null, null, at,
                "127.0.0.1")).join();
        List<AlarmMove> path = switch (start) {
            case RECEIVED -> List.of();
            case NOTIFIED -> List.of(AlarmMove.SEE);
            case ACKNOWLEDGED -> List.of(AlarmMove.TAKE);
            case ON_SITE -> List.of(AlarmMove.TAKE, AlarmMove.ARRIVE);
            case RESOLVED -> List.of(AlarmMove.RESOLVE);
            case CANCELLED -> List.of(AlarmMove.CANCEL);
            case CONFIRMED -> List.of(AlarmMove.CANCEL, AlarmMove.CONFIRM);
        };
        for (AlarmMove move : path) {
            assertThat(store.move(id, move, new Facts("chen", "Chen Jie", "HELPED", null),
                    move.entry(T0.plusSeconds(10), "staff:chen", "test", null)).join().moved()).isTrue();
        }
        return store.find(id).orElseThrow();
    }

    private Alarm make(Alarm call, AlarmMove move, Facts facts) {
        Moved moved = store.move(call.id(), move, facts, entry(move)).join();
        assertThat(moved.moved()).as(move + " of a call in " + call.state()).isTrue();
        return moved.after().orElseThrow();
    }

    private static TimelineEntry entry(AlarmMove move) {
        return move.entry(AT, "staff:wang", "test", null);
    }
}
