package org.carecall.hub.care;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * Each community's care policy, or the defaults where it has not set one. The only writer of the
 * {@code care_policy} table; what it reads or writes it keeps, until another hub node saves one.
 */
public final class CarePolicies {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    private final Database database;
    private final Clock clock;
    private final Map<String, CarePolicy> known = new ConcurrentHashMap<>();

    public CarePolicies(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Forgets the policies it keeps: another hub node saved one; read again on use. */
    public void forget() {
        known.clear();
    }

    public CarePolicy forSite(String siteId) throws StoreException {
        if (siteId == null) {
            return CarePolicy.defaults();
        }
        CarePolicy kept = known.get(siteId);
        if (kept != null) {
            return kept;
        }
        CarePolicy read = read(siteId);
        known.putIfAbsent(siteId, read); // a save meanwhile wins: it puts what it stored
        return read;
    }

    private CarePolicy read(String siteId) throws StoreException {
        String json = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT policy_json FROM care_policy WHERE site_id = ?")) {
                query.setString(1, siteId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        return json == null ? CarePolicy.defaults() : parse(json);
    }

    /** A stored policy; a tier a newer node wrote and this one does not know is left out, not fatal. */
    static CarePolicy parse(String json) throws StoreException {
        try {
            return JSON.readValue(json, CarePolicy.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored care policy is unreadable", e, false);
        }
    }

    public CarePolicy save(String siteId, CarePolicy policy) {
        if (!policy.problems().isEmpty()) {
            throw new IllegalArgumentException(policy.problems().getFirst().text());
        }
        String json;
        try {
            json = JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        database.writer().routine(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO care_policy (site_id,"
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
