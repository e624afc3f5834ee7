package org.carecall.hub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds each unit's connection, kept in {@code device_session} and in memory from the nodes'
 * news. A login here takes the unit's next epoch from the table and tells the others in the same write; a node holding an
 * older epoch of the unit closes it, and a message for a unit held elsewhere is addressed to its epoch.
 */
public final class UnitHolders implements DeviceSessions.Watcher {
    private static final Logger log = LoggerFactory.getLogger(UnitHolders.class);

    /** A login of a unit: the node and instance holding it, and its epoch. */
    public record Holder(String node, String instance, long epoch) {
    }

    private final Database database;
    private final String node;
    private final String instance;
    private final Clock clock;
    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    UnitHolders(Database database, String node, String instance, Clock clock) {
        this.database = database;
        this.node = node;
        this.instance = instance;
        this.clock = clock;
    }

    /** The logins held now, as stored: a node that starts knows where every connected unit is. */
    void load() throws StoreException {
        database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id, node, instance, epoch FROM device_session WHERE ended IS NULL");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    heard(rows.getString(1), new Holder(rows.getString(2), rows.getString(3), rows.getLong(4)));
                }
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Long> loggedIn(String deviceId) {
        long now = clock.millis();
        return database.writer().routine(connection -> {
            long epoch = nextEpoch(connection, deviceId, now);
            database.writer().tell(new NodeNews.UnitLogin(deviceId, node, instance, epoch));
            return epoch;
        }).thenApply(epoch -> {
            heard(deviceId, new Holder(node, instance, epoch));
            return epoch;
        });
    }

    @Override
    public void loggedOut(String deviceId, long epoch) {
        long now = clock.millis();
        holders.remove(deviceId, new Holder(node, instance, epoch));
        database.writer().routine(connection -> {
            database.writer().tell(new NodeNews.UnitLogout(deviceId, instance, epoch));
            try (PreparedStatement end = bound(connection, "UPDATE device_session SET ended = ?"
                    + " WHERE device_id = ? AND instance = ? AND epoch = ? AND ended IS NULL", now, deviceId, instance, epoch)) {
                return end.executeUpdate();
            }
        }).exceptionally(failure -> {
            log.warn("could not record that device {} left this node: {}", deviceId, failure.getMessage());
            return 0;
        });
    }

    /** Another node's news of a login: it holds the unit unless a newer login is known. */
    public void heard(NodeNews.UnitLogin login) {
        heard(login.deviceId(), new Holder(login.node(), login.instance(), login.epoch()));
    }

    /** Another node's news of a connection that ended: nobody holds the unit, unless it is already back. */
    public void heard(NodeNews.UnitLogout logout) {
        holders.computeIfPresent(logout.deviceId(), (id, holder) -> holder.instance().equals(logout.instance())
                && holder.epoch() == logout.epoch() ? null : holder);
    }

    /** Who holds the unit's connection, as far as this node has heard. */
    public Optional<Holder> holder(String deviceId) {
        return Optional.ofNullable(holders.get(deviceId));
    }

    /** A node stopped: it holds nothing now, and its logins are recorded as ended. */
    void nodeLost(String lostInstance) {
        holders.values().removeIf(holder -> holder.instance().equals(lostInstance));
        long now = clock.millis();
        database.writer().routine(connection -> {
            try (PreparedStatement end = bound(connection,
                    "UPDATE device_session SET ended = ? WHERE instance = ? AND ended IS NULL", now, lostInstance)) {
                return end.executeUpdate();
            }
        }).exceptionally(failure -> {
            log.warn("could not end the logins of a lost hub node: {}", failure.getMessage());
            return 0;
        });
    }

    private void heard(String deviceId, Holder holder) {
        holders.merge(deviceId, holder, (known, told) -> told.epoch() > known.epoch() ? told : known);
    }

    /** The unit's next epoch, under the row's lock: two nodes logging the unit in at once get two epochs. */
    private long nextEpoch(Connection connection, String deviceId, long now) throws SQLException {
        try (PreparedStatement upsert = bound(connection, "INSERT INTO device_session"
                + " (device_id, node, instance, epoch, since, ended) VALUES (?, ?, ?, 1, ?, NULL)"
                + " ON CONFLICT (device_id) DO UPDATE SET node = excluded.node, instance = excluded.instance,"
                + " epoch = device_session.epoch + 1, since = excluded.since, ended = NULL RETURNING epoch",
                deviceId, node, instance, now);
             ResultSet epoch = upsert.executeQuery()) {
            epoch.next();
            return epoch.getLong(1);
        }
    }

    private static PreparedStatement bound(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
