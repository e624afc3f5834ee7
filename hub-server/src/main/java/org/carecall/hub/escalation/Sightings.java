package org.carecall.hub.escalation;

import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;

/**
 * A person saw a ringing call, or the outside channel answered success: the call is reached.
 *
 * <ul>
 *   <li>The first sighting makes the call NOTIFIED; later ones only add to its timeline. The move itself
 *       is guarded in the store, so a sighting racing a take or another node's sighting is harmless.</li>
 *   <li>A reached call climbs on the policy's times from then on, no longer on the display deadline.</li>
 * </ul>
 */
public final class Sightings {
    private final AlarmStore store;
    private final AlarmLifecycle lifecycle;
    private final EscalationChains chains;

    public Sightings(AlarmStore store, AlarmLifecycle lifecycle, EscalationChains chains) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.chains = chains;
    }

    /**
     * A console confirmed it showed the ringing call to {@code by}. The caller has checked that this
     * console was ringing for the call and that its person may see it, and has just read the call.
     */
    public CompletableFuture<AlarmLifecycle.Result> seen(Alarm call, Staff by, String origin) {
        return reached(call, by, origin, by.displayName());
    }

    /** The outside channel's receiver answered success for the call. */
    CompletableFuture<AlarmLifecycle.Result> outsideAnswered(String alarmId) {
        try {
            // Read again: the call may have climbed or been taken while the gateway answered.
            var current = store.find(alarmId);
            return current.isEmpty() ? CompletableFuture.completedFuture(null)
                    : reached(current.get(), null, "outside-channel", "outside channel");
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code current}: the call as stored now, for its step count. */
    private CompletableFuture<AlarmLifecycle.Result> reached(Alarm current, Staff by, String origin, String who) {
        try {
            return lifecycle.reached(current.id(), by, origin, who, chains.nextStepAfterSighting(current));
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
