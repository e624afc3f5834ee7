package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/** The sets of states the hub, its SQL and its consoles share, and which calls are on the board. */
class AlarmStatesTest {

    @Test
    void anOpenCallIsWaitingOrTakenAndEveryStateNotFinalIsOpen() {
        assertThat(AlarmStates.OPEN).containsExactlyInAnyOrder(AlarmState.RECEIVED, AlarmState.NOTIFIED,
                AlarmState.ACKNOWLEDGED, AlarmState.ON_SITE);
        assertThat(AlarmStates.WAITING).doesNotContainAnyElementsOf(AlarmStates.TAKEN);
        assertThat(Arrays.stream(AlarmState.values()).filter(state -> !state.isFinal()))
                .containsExactlyInAnyOrderElementsOf(AlarmStates.OPEN);
    }

    @Test
    void theBoardHoldsOpenCallsAndCancellationsNobodyHasConfirmed() {
        Instant confirmed = Instant.parse("2026-12-03T02:00:00Z");

        assertThat(AlarmStates.onBoard(AlarmState.NOTIFIED, null)).isTrue();
        assertThat(AlarmStates.onBoard(AlarmState.CANCELLED, null)).isTrue();
        assertThat(AlarmStates.onBoard(AlarmState.CANCELLED, confirmed)).isFalse();
        assertThat(AlarmStates.onBoard(AlarmState.RESOLVED, confirmed)).isFalse();
    }
}
