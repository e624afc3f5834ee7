package org.carecall.hub.escalation;

import java.time.Instant;
import org.carecall.hub.alarm.Alarm;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/** Calls made by hand for escalation's rule tests: no store, no hub. */
final class Calls {
    static final Instant T0 = Instant.parse("2026-12-09T07:00:00Z");

    private Calls() {
    }

    /** A call received at {@link #T0} from {@code deviceId}, with its steps fired and its next look. */
    static Alarm call(String deviceId, AlarmKind kind, AlarmState state, int fired, Instant next) {
        Alarm.Handling handling = new Alarm.Handling(null, state == AlarmState.ACKNOWLEDGED ? T0 : null,
                null, "Wang", null, null, null, fired, next);
        return new Alarm("call-" + deviceId, deviceId, kind, "button", state, T0, T0, 1, false, 1, T0, null, T0,
                handling);
    }

    static Alarm call(AlarmState state, int fired, Instant next) {
        return call("unit-1", AlarmKind.CALL_BUTTON, state, fired, next);
    }

    /** {@code call} as found unhandled at {@code at}: nobody took it and its last step reached nobody. */
    static Alarm unhandled(Alarm call, Instant at) {
        Alarm.Handling h = call.handling();
        return new Alarm(call.id(), call.deviceId(), call.kind(), call.source(), call.state(), call.raisedAt(),
                call.receivedAt(), call.seq(), call.test(), call.pressCount(), call.lastPressAt(), call.problem(),
                call.updatedAt(), new Alarm.Handling(h.notifiedAt(), h.acknowledgedAt(), h.acknowledgedBy(),
                h.acknowledgedName(), h.arrivedAt(), h.resolvedAt(), h.outcome(), h.escalationStep(),
                h.nextEscalationAt(), at));
    }

    static Alarm testCall() {
        Alarm call = call(AlarmState.RECEIVED, 0, null);
        return new Alarm(call.id(), call.deviceId(), AlarmKind.TEST, call.source(), call.state(), T0, T0, 1, true, 1,
                T0, null, T0, call.handling());
    }
}
