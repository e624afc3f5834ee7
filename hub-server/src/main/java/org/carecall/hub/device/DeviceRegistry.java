package org.carecall.hub.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredJson;
import org.carecall.protocol.DeviceIds;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.ProtocolException;

/**
 * The devices the hub knows, their credentials and their configuration. Kept in memory for the login
 * path (a reconnect storm must not wait on the database) and written through to the store; the cache
 * is changed only after the store has committed.
 */
public final class DeviceRegistry {
    private static final char[] ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PayloadCodec CODEC = new PayloadCodec();
    private static final ObjectMapper STORED = StoredJson.builder().build();
    private static final String SELECT = "SELECT id, label, resident_id, secret_hash, created_at, revoked_at,"
            + " config_json FROM device";

    /** What a login attempt comes to; each refusal maps to its own CONNACK code. */
    public enum Login { ACCEPTED, UNKNOWN_DEVICE, WRONG_SECRET, REVOKED, THROTTLED }

    /**
     * A login's outcome and, when accepted, the credential it proved (the secret's hash as it stood then):
     * the connection keeps it, and a message on it counts only while {@link #holds} says it is still good.
     */
    public record Admission(Login outcome, String credential) {
    }

    /** A new device's id and its secret, which is shown this once and never stored. */
    public record Enrolled(String deviceId, String secret) {
    }

    private final Database database;
    private final Clock clock;
    private final SourceThrottle throttle;
    private final DeviceConfig defaultConfig;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private volatile Consumer<String> credentialsChanged = deviceId -> { };
    private volatile Consumer<String> placed = deviceId -> { };
    /**
     * Looks up units this node has not heard of (enrolled on another hub node, or by the offline tool while
     * the hub runs) off the login path: one at a time, a few waiting at most, so a stream of made-up ids
     * costs the database little and the event loop nothing. The unit is let in at its next attempt.
     */
    private final ThreadPoolExecutor lookups = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), Thread.ofPlatform().name("device-lookup").daemon().factory(),
            new ThreadPoolExecutor.DiscardPolicy());

    public DeviceRegistry(Database database, Clock clock, int failedLoginsPerMinute, int heartbeatS) throws StoreException {
        this.database = database;
        this.clock = clock;
        this.throttle = SourceThrottle.forUnits(failedLoginsPerMinute, clock);
        this.defaultConfig = new DeviceConfig(1, heartbeatS,
                new DeviceConfig.Inactivity(true, 12, LocalTime.of(7, 0), LocalTime.of(22, 0)),
                new DeviceConfig.NightDoor(true, LocalTime.of(23, 0), LocalTime.of(6, 0)),
                new DeviceConfig.Feedback("zh-CN", 80));
        load();
    }

    /**
     * Checks a device's credentials, presented from {@code source} (an address without its port). Only the
     * secret's hash is kept, so nothing here can leak it. A source that keeps presenting wrong secrets (for
     * one id, or for many) waits before it is checked again; the id itself is never locked, so the unit's
     * right secret from its own address gets in while a stranger guesses elsewhere.
     */
    public Login login(String deviceId, byte[] password, String source) {
        return admit(deviceId, password, source).outcome();
    }

    /** Checks a device's credentials as {@link #login} does, and says which credential an accepted login proved. */
    public Admission admit(String deviceId, byte[] password, String source) {
        if (!throttle.wait(source, deviceId).isZero()) {
            return new Admission(Login.THROTTLED, null);
        }
        Device device = devices.get(deviceId);
        if (device == null) {
            lookups.execute(() -> lookUp(deviceId));
            throttle.failed(source, deviceId);
            return new Admission(Login.UNKNOWN_DEVICE, null);
        }
        if (!DeviceSecrets.matches(device.secretHash(), password)) {
            throttle.failed(source, deviceId);
            return new Admission(Login.WRONG_SECRET, null);
        }
        if (device.revoked()) {
            return new Admission(Login.REVOKED, null);
        }
        throttle.succeeded(source, deviceId);
        return new Admission(Login.ACCEPTED, device.secretHash());
    }

    /**
     * Whether a connection that logged in with {@code credential} may still speak for the unit: the unit
     * is known, not revoked, and its secret unchanged since. From memory only, so the event loop may ask
     * at every message; another node's revoke or re-key reaches memory with its news.
     */
    public boolean holds(String deviceId, String credential) {
        Device device = devices.get(deviceId);
        return device != null && !device.revoked() && device.secretHash().equals(credential);
    }

    /**
     * Told the id of each unit revoked, re-keyed or removed, here or (once its news is read) on another
     * hub node, after the change is in memory: its open connections are to be closed. Told on the store
     * writer's thread or the news feed's, so the listener must not wait for a write.
     */
    public void onCredentialsChanged(Consumer<String> listener) {
        this.credentialsChanged = listener;
    }

    /**
     * Told the id of each unit made or placed on this node, after the change is in memory: whose unit it is
     * may change what its keys are set to. Told on the store writer's thread: the listener must not wait.
     */
    public void onPlaced(Consumer<String> listener) {
        this.placed = listener;
    }

    /** Sources being slowed now for wrong secrets or unknown ids (a metric). */
    public int throttledSources() {
        return throttle.waitingSources();
    }

    /** Creates a device with a fresh secret; a null id picks one. */
    public CompletableFuture<Enrolled> create(String requestedId, String label, String residentId) {
        String deviceId = requestedId == null ? newDeviceId() : DeviceIds.require(requestedId);
        String secret = DeviceSecrets.newSecret();
        Device device = new Device(deviceId, label, residentId, DeviceSecrets.hash(secret), clock.instant(), null,
                defaultConfig);
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device (id, secret_hash, label,"
                    + " resident_id, created_at, config_version, config_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, device.id());
                insert.setString(2, device.secretHash());
                insert.setString(3, label);
                insert.setString(4, residentId);
                insert.setLong(5, device.createdAt().toEpochMilli());
                insert.setInt(6, device.config().version());
                insert.setString(7, CODEC.encodeToString(device.config()));
                insert.executeUpdate();
            }
            return device;
        }).thenApply(stored -> {
            devices.put(stored.id(), stored);
            placed.accept(stored.id());
            return new Enrolled(stored.id(), secret);
        });
    }

    /** Gives a device a new secret; the old one stops working at once (its connection is closed). */
    public CompletableFuture<String> rotateSecret(String deviceId) {
        Device device = require(deviceId);
        String secret = DeviceSecrets.newSecret();
        String hash = DeviceSecrets.hash(secret);
        return update(deviceId, "UPDATE device SET secret_hash = ? WHERE id = ?", hash)
                .thenApply(done -> {
                    devices.put(deviceId, device.withSecretHash(hash));
                    credentialsChanged.accept(deviceId);
                    return secret;
                });
    }

    /** Names a unit and puts it at a resident's bedside (null: nobody's yet). */
    public CompletableFuture<Device> place(String deviceId, String label, String residentId) {
        Device device = require(deviceId);
        return database.writer().routine(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE device SET label = ?, resident_id = ? WHERE id = ?")) {
                statement.setString(1, label);
                statement.setString(2, residentId);
                statement.setString(3, deviceId);
                return statement.executeUpdate();
            }
        }).thenApply(done -> {
            Device moved = device.withPlace(label, residentId);
            devices.put(deviceId, moved);
            placed.accept(deviceId);
            return moved;
        });
    }

    /** Revokes a device: it is refused from now on, and its open connection is closed. */
    public CompletableFuture<Void> revoke(String deviceId) {
        Device device = require(deviceId);
        Instant at = clock.instant();
        return database.writer().routine(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE device SET revoked_at = ? WHERE id = ?")) {
                statement.setLong(1, at.toEpochMilli());
                statement.setString(2, deviceId);
                return statement.executeUpdate();
            }
        }).thenAccept(done -> {
            devices.put(deviceId, device.withRevokedAt(at));
            credentialsChanged.accept(deviceId);
        });
    }

    /**
     * Stores new behaviour settings for a device under the next version number, exactly as given (the
     * everyday keys included): the hub changes a unit's config through {@link UnitConfigs}, which adds them.
     * Settings a newer hub node stored beside them, which this node does not know, are kept as they were.
     */
    public CompletableFuture<DeviceConfig> updateConfig(String deviceId, DeviceConfig settings) {
        Device device = require(deviceId);
        DeviceConfig next = settings.withVersion(device.config().version() + 1);
        return database.writer().routine(connection -> {
            String written = keepingNewerSettings(connection, deviceId, CODEC.encodeToString(next));
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE device SET config_version = ?, config_json = ? WHERE id = ?")) {
                statement.setInt(1, next.version());
                statement.setString(2, written);
                statement.setString(3, deviceId);
                return statement.executeUpdate();
            }
        }).thenApply(done -> {
            devices.put(deviceId, device.withConfig(next));
            return next;
        });
    }

    public Optional<Device> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    /** As {@link #find}, but a unit not in memory is read from the store: another node may have enrolled it just now. */
    public Optional<Device> findOrRead(String deviceId) {
        lookUp(deviceId);
        return find(deviceId);
    }

    public Collection<Device> all() {
        return List.copyOf(devices.values());
    }

    private Device require(String deviceId) {
        Device device = devices.get(deviceId);
        if (device == null) {
            throw new IllegalArgumentException("no device '" + deviceId + "'");
        }
        return device;
    }

    private CompletableFuture<Integer> update(String deviceId, String sql, String value) {
        return database.writer().routine(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, value);
                statement.setString(2, deviceId);
                return statement.executeUpdate();
            }
        });
    }

    /** Reads every unit again: another hub node enrolled, moved or revoked some. */
    public void reload() throws StoreException {
        load();
    }

    private void load() throws StoreException {
        Map<String, Device> read = new java.util.HashMap<>();
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(SELECT);
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Device device = device(rows);
                    read.put(device.id(), device);
                }
            }
            return null;
        });
        List<String> changed = new ArrayList<>();
        devices.forEach((id, known) -> {
            Device now = read.get(id);
            if (now == null || now.revoked() != known.revoked() || !now.secretHash().equals(known.secretHash())) {
                changed.add(id);
            }
        });
        devices.putAll(read); // whole before the old are dropped: a login meanwhile finds its unit
        devices.keySet().retainAll(read.keySet());
        changed.forEach(credentialsChanged);
    }

    private void lookUp(String deviceId) {
        if (devices.containsKey(deviceId) || !DeviceIds.isValid(deviceId)) {
            return;
        }
        try {
            database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
                    query.setString(1, deviceId);
                    try (ResultSet rows = query.executeQuery()) {
                        if (rows.next()) {
                            devices.putIfAbsent(deviceId, device(rows));
                        }
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            // the unit tries again, and so does this
        }
    }

    private Device device(ResultSet rows) throws SQLException {
        long revoked = rows.getLong(6);
        Instant revokedAt = rows.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new Device(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                Instant.ofEpochMilli(rows.getLong(5)), revokedAt, readConfig(rows.getString(7)));
    }

    /** The config to store: {@code encoded}, with the top-level settings only a newer node knows from the stored one. */
    private static String keepingNewerSettings(java.sql.Connection connection, String deviceId, String encoded)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT config_json FROM device WHERE id = ?")) {
            query.setString(1, deviceId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return encoded;
                }
                ObjectNode config = (ObjectNode) STORED.readTree(encoded);
                StoredJson.newerFields(STORED.readTree(rows.getString(1)), DeviceConfig.class, "v")
                        .forEach(config::putIfAbsent);
                return STORED.writeValueAsString(config);
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored device configuration is unreadable: " + e.getMessage(), e);
        }
    }

    private DeviceConfig readConfig(String json) throws SQLException {
        try {
            return CODEC.decode(DeviceConfig.class, json.getBytes(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw new SQLException("a stored device configuration is unreadable: " + e.getMessage(), e);
        }
    }

    private static String newDeviceId() {
        StringBuilder id = new StringBuilder("cc-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
