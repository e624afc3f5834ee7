package org.carecall.hub.alarm;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.carecall.protocol.AlarmState;

/**
 * The sets of states the hub speaks of, defined here once: the store renders its SQL from them, the moves
 * of {@link AlarmMove} leave from them, and the consoles are told them through each call's view.
 *
 * <p>Guarantees: {@link #OPEN} is {@link #WAITING} and {@link #TAKEN} together, and none of them holds a
 * final state; a call is {@linkplain #onBoard on the board} exactly when it is open or is a cancellation
 * nobody has yet confirmed by phone.
 */
public final class AlarmStates {
    /** Nobody has taken the call yet: it rings. */
    public static final Set<AlarmState> WAITING = frozen(EnumSet.of(AlarmState.RECEIVED, AlarmState.NOTIFIED));
    /** A named person has the call, on the way or with the resident. */
    public static final Set<AlarmState> TAKEN = frozen(EnumSet.of(AlarmState.ACKNOWLEDGED, AlarmState.ON_SITE));
    /** Neither resolved nor cancelled: something is still to happen. */
    public static final Set<AlarmState> OPEN = frozen(union(WAITING, TAKEN));
    /** Stays on the board after it closes until staff confirm by phone (its resolved time is then set). */
    public static final Set<AlarmState> TO_CONFIRM = frozen(EnumSet.of(AlarmState.CANCELLED));

    private AlarmStates() {
    }

    /** Whether a call in {@code state}, confirmed at {@code confirmedAt} (null: not yet), is on the board. */
    public static boolean onBoard(AlarmState state, java.time.Instant confirmedAt) {
        return OPEN.contains(state) || TO_CONFIRM.contains(state) && confirmedAt == null;
    }

    private static EnumSet<AlarmState> union(Set<AlarmState> some, Set<AlarmState> others) {
        EnumSet<AlarmState> all = EnumSet.copyOf(some);
        all.addAll(others);
        return all;
    }

    private static Set<AlarmState> frozen(EnumSet<AlarmState> states) {
        return Collections.unmodifiableSet(states);
    }
}
