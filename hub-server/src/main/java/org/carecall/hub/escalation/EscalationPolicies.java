package org.carecall.hub.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * Each community's escalation policy, or the defaults where it has not set one. Every escalation step
 * asks for its call's policy, so policies read once are kept in memory; this class alone writes them and
 * keeps what it wrote.
 */
public final class EscalationPolicies implements EscalationChains.Policies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Clock clock;
    private final Map<String, EscalationPolicy> known = new ConcurrentHashMap<>();

    public EscalationPolicies(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Forgets the policies it keeps: another hub node saved one; read again on use. */
    public void forget() {
        known.clear();
    }

    @Override
    public EscalationPolicy forSite(String siteId) throws StoreException {
        if (siteId == null) {
            return EscalationPolicy.defaults();
        }
        EscalationPolicy kept = known.get(siteId);
        if (kept != null) {
            return kept;
        }
        EscalationPolicy read = read(siteId);
        known.putIfAbsent(siteId, read); // a save meanwhile wins: it puts what it stored
        return read;
    }

    private EscalationPolicy read(String siteId) throws StoreException {
        String json = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT policy_json FROM escalation_policy WHERE site_id = ?")) {
                query.setString(1, siteId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return EscalationPolicy.defaults();
        }
        try {
            return JSON.readValue(json, EscalationPolicy.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored escalation policy of " + siteId + " is unreadable", e, false);
        }
    }

    public EscalationPolicy save(String siteId, EscalationPolicy policy) {
        var problems = policy.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String json;
        try {
            json = JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        database.writer().routine(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO escalation_policy (site_id,"
                    + " policy_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET"
                    + " policy_json = excluded.policy_json, updated_at = excluded.updated_at")) {
                upsert.setString(1, siteId);
                upsert.setString(2, json);
                upsert.setLong(3, clock.millis());
                return upsert.executeUpdate();
            }
        }).join();
        known.put(siteId, policy);
        return policy;
    }
}
