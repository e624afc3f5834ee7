package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.alarm.CallAction.ACKNOWLEDGE;
import static org.carecall.hub.alarm.CallAction.ARRIVE;
import static org.carecall.hub.alarm.CallAction.CLOSE_UNTAKEN;
import static org.carecall.hub.alarm.CallAction.CONFIRM;
import static org.carecall.hub.alarm.CallAction.RESOLVE;

import java.time.Instant;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/** Which buttons each person's console draws on a call, decided by the hub from the call and the person. */
class CallActionTest {
    private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");
    private static final Staff WANG = staff("wang", Role.DUTY);
    private static final Staff LINA = staff("lina", Role.DUTY);
    private static final Staff CHEN = staff("chen", Role.SUPERVISOR);

    @Test
    void aWaitingCallOffersImComingToThoseItRingsForAndToSupervisorsOnly() {
        for (AlarmState waiting : AlarmStates.WAITING) {
            Alarm call = call(waiting, null, null);

            assertThat(CallAction.offered(call, WANG, true)).containsExactly(ACKNOWLEDGE);
            assertThat(CallAction.offered(call, LINA, false)).as("the steps did not ring her").isEmpty();
            assertThat(CallAction.offered(call, CHEN, false)).containsExactly(ACKNOWLEDGE, CLOSE_UNTAKEN);
        }
    }

    @Test
    void aTakenCallIsTheTakersToMarkAndHersOrASupervisorsToClose() {
        Alarm taken = call(AlarmState.ACKNOWLEDGED, "wang", null);
        Alarm onSite = call(AlarmState.ON_SITE, "wang", null);

        assertThat(CallAction.offered(taken, WANG, false)).containsExactly(ARRIVE, RESOLVE);
        assertThat(CallAction.offered(taken, LINA, true)).isEmpty();
        assertThat(CallAction.offered(taken, CHEN, false)).containsExactly(RESOLVE);
        assertThat(CallAction.offered(onSite, WANG, false)).containsExactly(RESOLVE);
    }

    @Test
    void aCancellationIsOfferedForConfirmationUntilConfirmedAndAClosedCallOffersNothing() {
        assertThat(CallAction.offered(call(AlarmState.CANCELLED, null, null), LINA, false)).containsExactly(CONFIRM);
        assertThat(CallAction.offered(call(AlarmState.CANCELLED, null, T0), CHEN, false)).isEmpty();
        assertThat(CallAction.offered(call(AlarmState.RESOLVED, "wang", T0), WANG, true)).isEmpty();
    }

    @Test
    void theKeysSentToTheConsoleAreTheOfferedActionsInTheirOrder() {
        Alarm waiting = call(AlarmState.RECEIVED, null, null);
        Alarm taken = call(AlarmState.ACKNOWLEDGED, "wang", null);

        assertThat(CallAction.offeredKeys(waiting, CHEN, false)).containsExactly("acknowledge", "closeUntaken");
        assertThat(CallAction.offeredKeys(taken, WANG, false)).containsExactly("arrive", "resolve");
        assertThat(CallAction.offeredKeys(taken, LINA, true)).isEmpty();
    }

    private static Alarm call(AlarmState state, String takenBy, Instant resolvedAt) {
        return new Alarm("a-1", "bed-1", AlarmKind.CALL_BUTTON, "call-button", state, T0, T0, 1, false, 1, T0, null, T0,
                new Alarm.Handling(null, takenBy == null ? null : T0, takenBy, takenBy, null, resolvedAt, null, 1, null));
    }

    private static Staff staff(String id, Role role) {
        return new Staff(id, id, id, role, null, null, false);
    }
}
