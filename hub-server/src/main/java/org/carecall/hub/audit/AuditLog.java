package org.carecall.hub.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Database;
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
    public record Entry(long seq, Instant at, String event, String deviceId, String remote, String reason) {
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
        long at = clock.millis();
        log.warn("audit {} device={} remote={}: {}", event, deviceId, remote, reason);
        metrics.refused(event);
        database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_log (at, event, device_id, remote, reason) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, at);
                insert.setString(2, event);
                insert.setString(3, deviceId);
                insert.setString(4, remote);
                insert.setString(5, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                return insert.executeUpdate();
            }
        }).exceptionally(failure -> {
            log.error("could not store audit row {} for {}: {}", event, deviceId, failure.getMessage());
            return 0;
        });
    }

    /** The newest entries first, optionally for one device. */
    public List<Entry> recent(String deviceId, int limit) throws SQLException {
        return database.read(connection -> {
            String sql = "SELECT seq, at, event, device_id, remote, reason FROM audit_log"
                    + (deviceId == null ? "" : " WHERE device_id = ?") + " ORDER BY seq DESC LIMIT ?";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int i = 1;
                if (deviceId != null) {
                    query.setString(i++, deviceId);
                }
                query.setInt(i, limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6)));
                    }
                }
                return entries;
            }
        });
    }
}
