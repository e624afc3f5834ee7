package org.carecall.hub.escalation;

import java.time.Instant;
import java.util.List;
import org.carecall.hub.alarm.Alarm;
import org.carecall.protocol.AlarmState;

/**
 * Where a call's escalation stands, named: made by {@link #of} from the call, its chain and the time,
 * and nowhere else. The sweep and the recovery switch over it. {@code due} is when escalation looks at
 * the call next (null: not scheduled); the store keeps it as the call's {@code next_escalation_at}.
 */
public sealed interface EscalationState {

    Instant due();

    /** Whether escalation should act on the call at {@code now}. */
    default boolean dueBy(Instant now) {
        return due() != null && !due().isAfter(now);
    }

    /** Step {@code index} (from 0) of the chain fires at {@code due}: the policy's time for it. */
    record Step(int index, Instant due) implements EscalationState {
    }

    /**
     * {@code fired} steps rang and nobody has shown the call yet; the next step's time has not come, but
     * if no console shows the call by {@code due} (the display deadline), the next step fires then.
     */
    record AwaitingSighting(int fired, Instant due) implements EscalationState {
    }

    /**
     * Unhandled: nobody has taken the call and its last step reached nobody (seen before or not): it rings
     * every console that opens (a care call), its unit is told, and a new round of the outside channel is
     * due at {@code due}.
     */
    record Unreached(int steps, Instant due) implements EscalationState {
    }

    /** Somebody said "I'm coming": by {@code due} they must be on site, or the call rings again. */
    record OnSiteCheck(int fired, Instant due) implements EscalationState {
    }

    /**
     * Escalation has nothing more to do: the call is closed or somebody is with the resident, it is a test
     * call, or its last step reached somebody who saw it and it waits to be taken.
     */
    record Done() implements EscalationState {
        @Override
        public Instant due() {
            return null;
        }
    }

    static EscalationState of(Alarm call, List<EscalationPolicy.Step> chain, Instant now) {
        Instant due = call.handling().nextEscalationAt();
        int fired = call.handling().escalationStep();
        if (call.test()) {
            return new Done();
        }
        return switch (call.state()) {
            case ACKNOWLEDGED -> new OnSiteCheck(fired, due);
            case RECEIVED, NOTIFIED -> {
                if (fired >= chain.size()) {
                    // Never shown after its last step, or found unhandled once: only a take ends that.
                    boolean unhandled = call.state() == AlarmState.RECEIVED || call.handling().unreachedAt() != null;
                    yield unhandled ? new Unreached(chain.size(), due) : new Done();
                }
                boolean beforePolicyTime = now.isBefore(call.receivedAt().plusSeconds(chain.get(fired).afterS()));
                yield call.state() == AlarmState.RECEIVED && fired > 0 && beforePolicyTime
                        ? new AwaitingSighting(fired, due) : new Step(fired, due);
            }
            default -> new Done(); // ON_SITE, RESOLVED, CANCELLED, and states a newer node may add
        };
    }
}
