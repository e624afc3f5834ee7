package org.carecall.hub.care;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.SitePolicies;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredJson;

/**
 * Each community's care policy, or the defaults where it has not set one, kept in the {@code care_policy}
 * table. A tier or field a newer node wrote and this one does not know is left out, not fatal.
 */
public final class CarePolicies {
    private static final ObjectMapper JSON = StoredJson.builder().build();

    private final SitePolicies<CarePolicy> policies;

    public CarePolicies(Database database, Clock clock) {
        this.policies = new SitePolicies<>(database, clock, "care_policy", CarePolicy.class, CarePolicy::defaults, JSON);
    }

    /** Forgets the policies it keeps: another hub node saved one; read again on use. */
    public void forget() {
        policies.forget();
    }

    public CarePolicy forSite(String siteId) throws StoreException {
        return policies.forSite(siteId);
    }

    public CarePolicy save(String siteId, CarePolicy policy) {
        if (!policy.problems().isEmpty()) {
            throw new IllegalArgumentException(policy.problems().getFirst().text());
        }
        return policies.save(siteId, policy);
    }
}
