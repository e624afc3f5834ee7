package org.carecall.hub.presence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.PowerSource;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.Hello;

/**
 * Which devices are online and how they are. Online follows the connection; last seen follows real
 * messages (hello, heartbeat, alarms, events), so a device that only answers pings still falls silent
 * for {@link Supervision}. Kept in memory on the message path and written to the store in batches by
 * {@link #flush()}, since a heartbeat is not worth an fsync.
 */
public final class DevicePresence {
    private static final int FLUSH_CHUNK = 50;
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    /** What each unit said its hardware has at its last hello on this node (memory only: it says so again). */
    private final Map<String, List<String>> features = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Database database;
    private final Consumer<DeviceStatus> changes;
    private final Clock clock;

    /** {@code changes}: told of every status change worth announcing (the hub's events take it from there). */
    public DevicePresence(Database database, Consumer<DeviceStatus> changes, Clock clock) throws StoreException {
        this.database = database;
        this.changes = changes;
        this.clock = clock;
        load();
    }

    public void connected(String deviceId, String remote) {
        update(deviceId, true, s -> new DeviceStatus(deviceId, true, clock.instant(), remote, s.fw(), s.hw(),
                s.configVersion(), s.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(), s.lastMotionAt(),
                s.clockSkewMs()));
    }

    public void disconnected(String deviceId) {
        update(deviceId, true, s -> new DeviceStatus(deviceId, false, s.lastSeenAt(), s.remote(), s.fw(), s.hw(),
                s.configVersion(), s.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(), s.lastMotionAt(),
                s.clockSkewMs()));
    }

    /**
     * A unit's status as the hub node holding its connection told it: kept here for this node's consoles
     * and supervision, not written again (that node writes it) and not announced again.
     */
    public void fromOtherNode(DeviceStatus status) {
        statuses.put(status.deviceId(), status);
    }

    /**
     * Takes each unit's last-seen time from the store where it is newer than this node's: another hub
     * node holds the unit and writes when it was seen (every flush, some seconds apart).
     */
    public void readLastSeen() throws StoreException {
        Map<String, Instant> stored = database.read(connection -> {
            Map<String, Instant> read = new java.util.HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, last_seen_at FROM device WHERE last_seen_at IS NOT NULL");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    read.put(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)));
                }
            }
            return read;
        });
        stored.forEach((deviceId, seen) -> statuses.compute(deviceId, (id, s) -> {
            DeviceStatus before = s == null ? DeviceStatus.unknown(id) : s;
            return before.lastSeenAt() != null && !before.lastSeenAt().isBefore(seen) ? before
                    : new DeviceStatus(id, before.online(), seen, before.remote(), before.fw(), before.hw(),
                            before.configVersion(), before.outbox(), before.power(), before.batteryPct(),
                            before.cpuTempC(), before.wifiRssi(), before.lastMotionAt(), before.clockSkewMs());
        }));
    }

    /** Any real message from the device. */
    public void seen(String deviceId) {
        update(deviceId, false, s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(), s.fw(), s.hw(),
                s.configVersion(), s.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(), s.lastMotionAt(),
                s.clockSkewMs()));
    }

    public void hello(String deviceId, Hello hello) {
        features.put(deviceId, hello.features());
        update(deviceId, true, s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(), hello.fw(),
                hello.hw(), hello.configVersion(), hello.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(),
                s.lastMotionAt(), skewOf(hello.at())));
    }

    /**
     * Whether the unit said at its last hello here that it has the feature ({@code Hello.CHECK_IN_KEY},
     * {@code Hello.SERVICE_KEY}); false for a unit not heard from since this node started.
     */
    public boolean has(String deviceId, String feature) {
        return features.getOrDefault(deviceId, List.of()).contains(feature);
    }

    public void heartbeat(String deviceId, Heartbeat beat) {
        DeviceStatus before = status(deviceId).orElse(DeviceStatus.unknown(deviceId));
        boolean healthChanged = beat.power() != before.power() || !java.util.Objects.equals(beat.batteryPct(), before.batteryPct());
        update(deviceId, healthChanged, s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(),
                beat.fw() != null ? beat.fw() : s.fw(), s.hw(),
                beat.configVersion() != null ? beat.configVersion() : s.configVersion(),
                beat.outbox() != null ? beat.outbox() : s.outbox(),
                beat.power() != null ? beat.power() : s.power(), beat.batteryPct(), beat.cpuTempC(), beat.wifiRssi(),
                beat.lastMotionAt() != null ? beat.lastMotionAt() : s.lastMotionAt(), skewOf(beat.at())));
    }

    /**
     * A unit's event (motion, power, tamper...): its status changes at once, and the event is stored once
     * by its id, however often the unit resends it. Completes when stored.
     */
    public CompletableFuture<Void> event(String deviceId, DeviceEvent event) {
        UnaryOperator<DeviceStatus> change = switch (event.kind()) {
            case MOTION -> s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(), s.fw(), s.hw(),
                    s.configVersion(), s.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(), event.at(),
                    s.clockSkewMs());
            case POWER_RESTORED -> s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(), s.fw(), s.hw(),
                    s.configVersion(), s.outbox(), PowerSource.MAINS, s.batteryPct(), s.cpuTempC(), s.wifiRssi(),
                    s.lastMotionAt(), s.clockSkewMs());
            default -> s -> new DeviceStatus(deviceId, s.online(), clock.instant(), s.remote(), s.fw(), s.hw(),
                    s.configVersion(), s.outbox(), s.power(), s.batteryPct(), s.cpuTempC(), s.wifiRssi(), s.lastMotionAt(),
                    s.clockSkewMs());
        };
        update(deviceId, event.kind() != EventKind.MOTION, change);
        long now = clock.millis();
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_event (id, device_id, kind,"
                    + " source, at, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, event.id());
                insert.setString(2, deviceId);
                insert.setString(3, event.kind().name());
                insert.setString(4, event.source());
                insert.setLong(5, event.at().toEpochMilli());
                insert.setLong(6, now);
                return insert.executeUpdate();
            }
        }).thenAccept(rows -> { });
    }

    /**
     * How far the device's clock is from the hub's, from a message it sent just now (hello, heartbeat):
     * unlike an alarm's own time, which may be old because the link was down, these are sent as written.
     */
    private Long skewOf(Instant deviceTime) {
        return deviceTime == null ? null : deviceTime.toEpochMilli() - clock.millis();
    }

    public Optional<DeviceStatus> status(String deviceId) {
        return Optional.ofNullable(statuses.get(deviceId));
    }

    public Collection<DeviceStatus> all() {
        return List.copyOf(statuses.values());
    }

    public long onlineCount() {
        return statuses.values().stream().filter(DeviceStatus::online).count();
    }

    /**
     * Writes the statuses that changed since the last flush, a small chunk per write, so that an alarm
     * arriving meanwhile is committed between two chunks instead of waiting behind thousands of rows.
     */
    public CompletableFuture<Integer> flush() {
        List<DeviceStatus> changed = dirty.stream().map(statuses::get).filter(java.util.Objects::nonNull).toList();
        changed.forEach(status -> dirty.remove(status.deviceId()));
        List<CompletableFuture<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < changed.size(); from += FLUSH_CHUNK) {
            chunks.add(write(changed.subList(from, Math.min(changed.size(), from + FLUSH_CHUNK))));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                .thenApply(done -> chunks.stream().mapToInt(CompletableFuture::join).sum());
    }

    private CompletableFuture<Integer> write(List<DeviceStatus> changed) {
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device SET last_seen_at = ?, fw = ?,"
                    + " hw = ?, outbox = ?, power = ?, battery_pct = ?, cpu_temp_c = ?, wifi_rssi = ?, last_motion_at = ?"
                    + " WHERE id = ?")) {
                for (DeviceStatus s : changed) {
                    setMillis(update, 1, s.lastSeenAt());
                    update.setString(2, s.fw());
                    update.setString(3, s.hw());
                    update.setObject(4, s.outbox());
                    update.setString(5, s.power() == null ? null : s.power().name());
                    update.setObject(6, s.batteryPct());
                    update.setObject(7, s.cpuTempC());
                    update.setObject(8, s.wifiRssi());
                    setMillis(update, 9, s.lastMotionAt());
                    update.setString(10, s.deviceId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return changed.size();
        });
    }

    private void update(String deviceId, boolean announce, UnaryOperator<DeviceStatus> change) {
        DeviceStatus after = statuses.compute(deviceId,
                (id, before) -> change.apply(before == null ? DeviceStatus.unknown(id) : before));
        dirty.add(deviceId);
        if (announce) {
            changes.accept(after);
        }
    }

    private void load() throws StoreException {
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, last_seen_at, fw, hw, outbox, power,"
                    + " battery_pct, cpu_temp_c, wifi_rssi, last_motion_at FROM device");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    String power = rows.getString(6);
                    statuses.put(id, new DeviceStatus(id, false, instant(rows, 2), null, rows.getString(3),
                            rows.getString(4), null, (Integer) rows.getObject(5),
                            StoredNames.read(PowerSource.class, power, null), (Integer) rows.getObject(7),
                            rows.getObject(8) == null ? null : rows.getDouble(8), (Integer) rows.getObject(9),
                            instant(rows, 10), null));
                }
            }
            return null;
        });
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setMillis(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setLong(index, at.toEpochMilli());
        }
    }
}
