package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.escalation.Calls.T0;
import static org.carecall.hub.escalation.Calls.call;

import java.time.Instant;
import java.util.List;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each named phase of a call's escalation, from the call, its chain and the time alone. */
class EscalationStateTest {
    /** The default care chain: at once, after 30 s, after 90 s. */
    private static final List<EscalationPolicy.Step> CHAIN = EscalationPolicy.defaults().care();
    private static final Instant DEADLINE = T0.plusSeconds(20);

    @Test
    void aNewCallStoredWithoutItsFirstStepsFiresTheFirstStep() {
        assertThat(EscalationState.of(call(AlarmState.RECEIVED, 0, T0), CHAIN, T0))
                .isEqualTo(new EscalationState.Step(0, T0));
    }

    @Test
    void aRungStepNobodyHasSeenWaitsForASightingUntilTheNextStepsTime() {
        var call = call(AlarmState.RECEIVED, 1, DEADLINE);
        assertThat(EscalationState.of(call, CHAIN, T0.plusSeconds(20)))
                .isEqualTo(new EscalationState.AwaitingSighting(1, DEADLINE));
        // From the policy's time of step 2 on it is that step that is due, sighting or not.
        assertThat(EscalationState.of(call, CHAIN, T0.plusSeconds(30)))
                .isEqualTo(new EscalationState.Step(1, DEADLINE));
    }

    @Test
    void aCallSomebodySawClimbsOnThePolicysTimesOnly() {
        Instant step2 = T0.plusSeconds(30);
        assertThat(EscalationState.of(call(AlarmState.NOTIFIED, 1, step2), CHAIN, T0.plusSeconds(5)))
                .isEqualTo(new EscalationState.Step(1, step2));
    }

    @Test
    void aCallNobodySawAfterItsLastStepIsUnreached() {
        Instant round = T0.plusSeconds(300);
        assertThat(EscalationState.of(call(AlarmState.RECEIVED, 3, round), CHAIN, T0.plusSeconds(100)))
                .isEqualTo(new EscalationState.Unreached(3, round));
    }

    @Test
    void aCallWhoseLastStepReachedSomebodyWhoSawItHasNothingLeftToClimb() {
        assertThat(EscalationState.of(call(AlarmState.NOTIFIED, 3, null), CHAIN, T0.plusSeconds(100)))
                .isEqualTo(new EscalationState.Done());
    }

    @Test
    void aCallSeenOnceAndThenLeftIsUnhandledOnceItsLastStepReachedNobody() {
        Instant round = T0.plusSeconds(300);
        var seenThenLeft = Calls.unhandled(call(AlarmState.NOTIFIED, 3, round), T0.plusSeconds(90));

        assertThat(seenThenLeft.unhandled()).isTrue();
        assertThat(EscalationState.of(seenThenLeft, CHAIN, T0.plusSeconds(100)))
                .isEqualTo(new EscalationState.Unreached(3, round));
    }

    @Test
    void aTakenCallWaitsForSomebodyOnSite() {
        Instant check = T0.plusSeconds(900);
        assertThat(EscalationState.of(call(AlarmState.ACKNOWLEDGED, 1, check), CHAIN, T0.plusSeconds(60)))
                .isEqualTo(new EscalationState.OnSiteCheck(1, check));
    }

    @ParameterizedTest
    @EnumSource(value = AlarmState.class, names = {"ON_SITE", "RESOLVED", "CANCELLED"})
    void aCallWithSomebodyThereOrClosedIsDone(AlarmState state) {
        assertThat(EscalationState.of(call(state, 2, T0), CHAIN, T0)).isEqualTo(new EscalationState.Done());
    }

    @Test
    void aTestCallNeverClimbs() {
        assertThat(EscalationState.of(Calls.testCall(), CHAIN, T0)).isEqualTo(new EscalationState.Done());
    }

    @Test
    void dueMeansTheNextLookHasCome() {
        var step = new EscalationState.Step(1, T0);
        assertThat(step.dueBy(T0.minusMillis(1))).isFalse();
        assertThat(step.dueBy(T0)).isTrue();
        assertThat(new EscalationState.Step(0, null).dueBy(T0)).isFalse();
        assertThat(new EscalationState.Done().dueBy(T0)).isFalse();
    }
}
