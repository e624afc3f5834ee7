package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.carecall.hub.alarm.AlarmStore;
import org.junit.jupiter.api.Test;

/** Who rings for which call, in memory: steps add people and nobody is dropped until the call is taken. */
class RingingTest {
    private final Ringing ringing = new Ringing();

    @Test
    void laterStepsAddPeopleAndEveryoneWithoutDroppingAnybody() {
        ringing.ring("c1", Set.of("wang"), false);
        ringing.ring("c1", Set.of("li", "wang"), false);

        assertThat(ringing.staffFor("c1")).containsExactlyInAnyOrder("wang", "li");
        assertThat(ringing.ringsFor("c1", "zhou")).isFalse();
        assertThat(ringing.ringsEveryone("c1")).isFalse();

        ringing.ring("c1", Set.of(), true);

        assertThat(ringing.ringsEveryone("c1")).isTrue();
        assertThat(ringing.ringsFor("c1", "zhou")).as("every console rings now").isTrue();
        assertThat(ringing.staffFor("c1")).as("the marker is not a person").containsExactlyInAnyOrder("wang", "li");
    }

    @Test
    void aStepThatRangNobodyRingsNobodyAndAnUnreachedCareCallRingsEveryConsole() {
        ringing.ring("c2", Set.of(), false);

        assertThat(ringing.ringsFor("c2", "wang")).isFalse();
        assertThat(ringing.unreached("c2")).isFalse();

        assertThat(ringing.markUnreached("c2", true)).isTrue();
        assertThat(ringing.markUnreached("c2", true)).as("only the first time").isFalse();
        assertThat(ringing.ringsFor("c2", "wang")).isTrue();
        assertThat(ringing.unreachedCount()).isEqualTo(1);

        ringing.markUnreached("t1", false); // a technical alarm keeps to its own chain
        assertThat(ringing.ringsFor("t1", "wang")).isFalse();
        assertThat(ringing.unreached("t1")).isTrue();
    }

    @Test
    void aTakenCallStopsAndAReloadReplacesWhatWasKept() {
        ringing.ring("c3", Set.of("wang"), true);
        ringing.ring("gone", Set.of("li"), false);
        ringing.markUnreached("gone", true);
        ringing.stop("c3");

        assertThat(ringing.ringsFor("c3", "wang")).isFalse();
        assertThat(ringing.ringsEveryone("c3")).isFalse();

        ringing.reload(Map.of("c4", new AlarmStore.Rung(Set.of("wang"), Set.of("GRID_DUTY"))), Map.of("c5", true));

        assertThat(ringing.ringsFor("gone", "li")).as("not in the store: forgotten").isFalse();
        assertThat(ringing.unreached("gone")).isFalse();
        assertThat(ringing.staffFor("c4")).containsExactly("wang");
        assertThat(ringing.ringsEveryone("c5")).isTrue();
        assertThat(ringing.unreached("c5")).isTrue();
    }
}
