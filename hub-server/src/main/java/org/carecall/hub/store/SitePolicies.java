package org.carecall.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One kind of policy per community, kept as JSON in a table of its own ({@code site_id}, {@code policy_json},
 * {@code updated_at}), or the defaults where the community has not set one. Policies are asked for on every
 * call or visit, so what is read or saved is kept in memory until another hub node saves one
 * ({@link #forget}). The owner of the kind checks a policy before it is saved.
 */
public final class SitePolicies<P> {
    private final Database database;
    private final Clock clock;
    private final String table;
    private final Class<P> type;
    private final Supplier<P> defaults;
    private final ObjectMapper json;
    private final Map<String, P> known = new ConcurrentHashMap<>();

    /** {@code table}: the kind's own table, named by its owner; {@code json} reads and writes the policy. */
    public SitePolicies(Database database, Clock clock, String table, Class<P> type, Supplier<P> defaults,
                        ObjectMapper json) {
        this.database = database;
        this.clock = clock;
        this.table = table;
        this.type = type;
        this.defaults = defaults;
        this.json = json;
    }

    /** Forgets the policies it keeps: another hub node saved one; read again on use. */
    public void forget() {
        known.clear();
    }

    /** The community's policy; the defaults for no community ({@code null}) or one that set none. */
    public P forSite(String siteId) throws StoreException {
        if (siteId == null) {
            return defaults.get();
        }
        P kept = known.get(siteId);
        if (kept != null) {
            return kept;
        }
        P read = read(siteId);
        known.putIfAbsent(siteId, read); // a save meanwhile wins: it puts what it stored
        return read;
    }

    private P read(String siteId) throws StoreException {
        String stored = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT policy_json FROM " + table + " WHERE site_id = ?")) {
                query.setString(1, siteId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        if (stored == null) {
            return defaults.get();
        }
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored " + table + " of " + siteId + " is unreadable", e, false);
        }
    }

    /** Stores the community's policy, once committed, and keeps it. */
    public P save(String siteId, P policy) {
        String written;
        try {
            written = json.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        database.writer().routine(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table + " (site_id,"
                    + " policy_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (site_id) DO UPDATE SET"
                    + " policy_json = excluded.policy_json, updated_at = excluded.updated_at")) {
                upsert.setString(1, siteId);
                upsert.setString(2, written);
                upsert.setLong(3, clock.millis());
                return upsert.executeUpdate();
            }
        }).join();
        known.put(siteId, policy);
        return policy;
    }
}
