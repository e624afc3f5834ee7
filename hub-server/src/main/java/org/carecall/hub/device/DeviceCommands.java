package org.carecall.hub.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.CommandResult;

/** Commands for devices (self-test, locate, test call, reload): stored, sent, and matched with their results. */
public final class DeviceCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final DeviceLink link;
    private final Clock clock;

    public DeviceCommands(Database database, DeviceLink link, Clock clock) {
        this.database = database;
        this.link = link;
        this.clock = clock;
    }

    /** Stores the command and sends it if the device is connected; completes with the command. */
    public CompletableFuture<Command> send(String deviceId, CommandName name, Map<String, Object> args) {
        Command command = new Command(MessageIds.next(), name, args);
        long now = clock.millis();
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO device_command (id, device_id, cmd, args_json, sent_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, command.id());
                insert.setString(2, deviceId);
                insert.setString(3, name.name());
                insert.setString(4, json(command.args()));
                insert.setLong(5, now);
                insert.executeUpdate();
            }
            return command;
        }).thenApply(stored -> {
            link.send(deviceId, stored);
            return stored;
        });
    }

    /** Records a device's answer; answers to commands it was never sent are ignored. */
    public CompletableFuture<Boolean> result(String deviceId, CommandResult result) {
        long now = clock.millis();
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_command SET result_at = ?,"
                    + " ok = ?, detail_json = ? WHERE id = ? AND device_id = ?")) {
                update.setLong(1, now);
                update.setInt(2, result.ok() ? 1 : 0);
                update.setString(3, json(result.detail()));
                update.setString(4, result.cmdId());
                update.setString(5, deviceId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * A command as stored: what was sent, and the device's answer once it has come. {@code cmd} is null for a
     * command a newer hub node sent that this one does not know.
     */
    public record Sent(String id, String deviceId, CommandName cmd, Instant sentAt, Instant resultAt, Boolean ok,
                       String detailJson) {
    }

    /** A device's newest commands first, with their answers where they came. */
    public java.util.List<Sent> recent(String deviceId, int limit) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, device_id, cmd, sent_at, result_at, ok,"
                    + " detail_json FROM device_command WHERE device_id = ? ORDER BY sent_at DESC LIMIT ?")) {
                query.setString(1, deviceId);
                query.setInt(2, limit);
                java.util.List<Sent> sent = new java.util.ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        sent.add(sent(rows));
                    }
                }
                return sent;
            }
        });
    }

    /** Each unit's newest command of one kind, by unit id. */
    public Map<String, Sent> latestOf(CommandName cmd) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, device_id, cmd, sent_at, result_at, ok,"
                    + " detail_json FROM device_command c WHERE cmd = ? AND sent_at = (SELECT max(sent_at)"
                    + " FROM device_command WHERE device_id = c.device_id AND cmd = c.cmd)")) {
                query.setString(1, cmd.name());
                Map<String, Sent> latest = new java.util.HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Sent sent = sent(rows);
                        latest.put(sent.deviceId(), sent);
                    }
                }
                return latest;
            }
        });
    }

    private static Sent sent(ResultSet rows) throws SQLException {
        long resultAt = rows.getLong(5);
        Instant answered = rows.wasNull() ? null : Instant.ofEpochMilli(resultAt);
        int ok = rows.getInt(6);
        Boolean outcome = rows.wasNull() ? null : ok == 1;
        return new Sent(rows.getString(1), rows.getString(2), StoredNames.read(CommandName.class, rows.getString(3), null),
                Instant.ofEpochMilli(rows.getLong(4)), answered, outcome, rows.getString(7));
    }

    public Optional<Sent> find(String commandId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, device_id, cmd, sent_at, result_at, ok,"
                    + " detail_json FROM device_command WHERE id = ?")) {
                query.setString(1, commandId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(sent(rows)) : Optional.<Sent>empty();
                }
            }
        });
    }

    private static String json(Map<String, Object> map) {
        try {
            return map == null ? null : JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command arguments cannot be written as JSON", e);
        }
    }
}
