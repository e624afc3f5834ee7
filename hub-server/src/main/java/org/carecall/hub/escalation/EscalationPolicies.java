package org.carecall.hub.escalation;

import java.time.Clock;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.SitePolicies;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredJson;

/**
 * Each community's escalation policy, or the defaults where it has not set one, kept in the
 * {@code escalation_policy} table. Every escalation step asks for its call's policy, so policies read once
 * are kept in memory. A field or audience a newer node wrote and this one does not know is left out.
 */
public final class EscalationPolicies implements EscalationChains.Policies {
    private final SitePolicies<EscalationPolicy> policies;

    public EscalationPolicies(Database database, Clock clock) {
        this.policies = new SitePolicies<>(database, clock, "escalation_policy", EscalationPolicy.class,
                EscalationPolicy::defaults, StoredJson.builder().build());
    }

    /** Forgets the policies it keeps: another hub node saved one; read again on use. */
    public void forget() {
        policies.forget();
    }

    @Override
    public EscalationPolicy forSite(String siteId) throws StoreException {
        return policies.forSite(siteId);
    }

    public EscalationPolicy save(String siteId, EscalationPolicy policy) {
        var problems = policy.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return policies.save(siteId, policy);
    }
}
