package org.carecall.hub.escalation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Area;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmClass;

/**
 * Which policy and which chain of steps a call follows, and the times that follow from them alone.
 *
 * <ul>
 *   <li>Reads only: the call's grid and its community's policy (the defaults for a call of no community).</li>
 *   <li>A technical alarm follows the technicians' chain, every other call the care chain.</li>
 *   <li>Needs no console and no roster, so the lifecycle and the sightings can use it before they exist.</li>
 * </ul>
 */
public final class EscalationChains {
    /** A community's policy by its site id; null: no community. */
    @FunctionalInterface
    public interface Policies {
        EscalationPolicy forSite(String siteId) throws StoreException;
    }

    private final Whereabouts whereabouts;
    private final Policies policies;

    public EscalationChains(Whereabouts whereabouts, Policies policies) {
        this.whereabouts = whereabouts;
        this.policies = policies;
    }

    public Optional<Area> gridOf(Alarm call) throws StoreException {
        return whereabouts.gridOf(call);
    }

    public EscalationPolicy policy(Optional<Area> grid) throws StoreException {
        return policies.forSite(grid.map(Area::siteId).orElse(null));
    }

    public List<EscalationPolicy.Step> chain(Alarm call) throws StoreException {
        return chain(call, gridOf(call));
    }

    public List<EscalationPolicy.Step> chain(Alarm call, Optional<Area> grid) throws StoreException {
        EscalationPolicy policy = policy(grid);
        return call.kind().alarmClass() == AlarmClass.TECHNICAL ? policy.technical() : policy.care();
    }

    /**
     * When a call taken at {@code at} is looked at again: by then somebody must be on site, or it climbs.
     * In whole milliseconds, as the store keeps them, so that the stored time compares equal. The lifecycle
     * stores it with the move that takes the call, so that taking it is one write.
     */
    public Instant onSiteCheck(Alarm call, Instant at) {
        try {
            return Instant.ofEpochMilli(at.toEpochMilli()).plusSeconds(policy(gridOf(call)).onSiteTimeoutS());
        } catch (StoreException e) {
            throw new IllegalStateException("the call's escalation policy could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * When a call somebody has just seen is next looked at: the policy's time of its next step (a call
     * somebody saw climbs on the policy's times, not on the display deadline); null past the last step.
     */
    public Instant nextStepAfterSighting(Alarm call) throws StoreException {
        List<EscalationPolicy.Step> steps = chain(call);
        int fired = call.handling().escalationStep();
        if (fired >= steps.size()) {
            return call.handling().unreachedAt() != null ? call.handling().nextEscalationAt() : null; // its rounds go on
        }
        return call.receivedAt().plusSeconds(steps.get(fired).afterS());
    }
}
