package org.carecall.hub.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refused connection and message, with the device, the reason and the remote address. Rows are
 * appended through the store's routine lane (the table refuses updates and deletes), logged as a
 * warning, and counted in the metrics by event.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** One row of the audit log. */
    public record Entry(long seq, Instant at, String event, String actor, String deviceId, String remote,
                        String reason) {
    }

    /** What the log is filtered by; null means any. {@code to} is exclusive. */
    public record Filter(String actor, String deviceId, Instant from, Instant to) {
        public static Filter device(String deviceId) {
            return new Filter(null, deviceId, null, null);
        }
    }

    private final Database database;
    private final HubMetrics metrics;
    private final Clock clock;

    public AuditLog(Database database, HubMetrics metrics, Clock clock) {
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Records a refusal. {@code event} is a short, stable name (such as {@code connect.bad-secret}) that
     * the metrics count by; {@code reason} is the sentence for a person.
     */
    public void record(String event, String deviceId, String remote, String reason) {
        log.warn("audit {} device={} remote={}: {}", event, deviceId, remote, reason);
        metrics.refused(event);
        append(event, null, deviceId, remote, reason);
    }

    /**
     * Records a change a member of staff made from the console (a file edited, a shift added, a unit
     * revoked): who, what, from where. Waits for the row, so a change is never told done before its trace is.
     */
    public void changed(String actor, String event, String deviceId, String remote, String what) {
        log.info("audit {} by {} device={} remote={}: {}", event, actor, deviceId, remote, what);
        append(event, actor, deviceId, remote, what).join();
    }

    private java.util.concurrent.CompletableFuture<Integer> append(String event, String actor, String deviceId,
                                                                   String remote, String reason) {
        long at = clock.millis();
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (at, event, actor, device_id, remote, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, at);
                insert.setString(2, event);
                insert.setString(3, actor);
                insert.setString(4, deviceId);
                insert.setString(5, remote);
                insert.setString(6, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                return insert.executeUpdate();
            }
        }).exceptionally(failure -> {
            log.error("could not store audit row {} for {}: {}", event, deviceId, failure.getMessage());
            return 0;
        });
    }

    /** The newest entries first, optionally for one device. */
    public List<Entry> recent(String deviceId, int limit) throws StoreException {
        return find(Filter.device(deviceId), limit);
    }

    /** The newest entries first that pass the filter. */
    public List<Entry> find(Filter filter, int limit) throws StoreException {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (filter.actor() != null) {
            terms.add("actor = ?");
            args.add(filter.actor());
        }
        if (filter.deviceId() != null) {
            terms.add("device_id = ?");
            args.add(filter.deviceId());
        }
        if (filter.from() != null) {
            terms.add("at >= ?");
            args.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            terms.add("at < ?");
            args.add(filter.to().toEpochMilli());
        }
        args.add(limit);
        String sql = "SELECT seq, at, event, actor, device_id, remote, reason FROM audit_log"
                + (terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms)) + " ORDER BY seq DESC LIMIT ?";
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                    }
                }
                return entries;
            }
        });
    }
}
