package org.carecall.hub.board;

import java.util.Comparator;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStates;
import org.carecall.protocol.AlarmState;

/**
 * The one order of the open board, on every screen: calls waiting to be taken, then cancellations to
 * confirm, then taken calls; within each, life-safety calls first, then wellness, then technical alarms
 * (the order of {@link org.carecall.protocol.AlarmClass}), each class oldest first by the hub's time.
 * Consoles that sort again (board.js) use the same keys: a smoke alarm never sits below a power cut.
 */
public final class BoardOrder {
    /** Waiting first, priority class next, then the longest-waiting; the id last so equal times keep one order. */
    public static final Comparator<Alarm> PRIORITY_THEN_AGE = Comparator
            .comparingInt(BoardOrder::group)
            .thenComparing((Alarm alarm) -> alarm.kind().alarmClass())
            .thenComparing(Alarm::receivedAt)
            .thenComparing(Alarm::id);

    private static int group(Alarm alarm) {
        return AlarmStates.WAITING.contains(alarm.state()) ? 0 : alarm.state() == AlarmState.CANCELLED ? 1 : 2;
    }

    private BoardOrder() {
    }
}
