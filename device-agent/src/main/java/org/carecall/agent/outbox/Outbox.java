package org.carecall.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The agent's durable outbox: SQLite in WAL mode with synchronous=FULL, so that a message the agent has
 * accepted survives a power cut. An alarm is written here before the resident sees any light change,
 * resent with the same id until the hub answers RECEIVED, and kept (with the hub's latest state) until
 * the call is resolved, so that the light and voice are right again after a restart.
 *
 * <p>A full SD card must not swallow a press: the outbox keeps a reserve file beside it, and when a write
 * fails because the card is full, the reserve is given up and the write tried once more. The reserve is
 * made again at the next start if there is room; {@link #reserveKept()} tells whether it is there.
 *
 * <p>Used from the agent's loop thread only: one connection, no locking.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String COLUMNS = "id, channel, payload, seq, attempts, created_at, next_attempt_at,"
            + " received_at, state, repeat_of, by_name";
    /** Room for thousands of calls and their sequence numbers once the card is otherwise full. */
    static final int RESERVE_BYTES = 1024 * 1024;
    private static final int SQLITE_FULL = 13;

    private final Connection connection;
    private final Path reserve;

    private Outbox(Connection connection, Path reserve) {
        this.connection = connection;
        this.reserve = reserve;
    }

    public static Outbox open(Path dataDir) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        Connection connection = config.createConnection("jdbc:sqlite:" + dataDir.resolve("outbox.db"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, channel TEXT NOT NULL,"
                    + " payload BLOB NOT NULL, seq INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
                    + " created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, received_at INTEGER,"
                    + " state TEXT, repeat_of TEXT, by_name TEXT, expires_at INTEGER)");
            statement.execute("CREATE INDEX IF NOT EXISTS outbox_due ON outbox (received_at, next_attempt_at, seq)");
            statement.execute("CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        Path reserve = dataDir.resolve("outbox.reserve");
        keepReserve(reserve);
        return new Outbox(connection, reserve);
    }

    /** Whether the reserve for a full card is in place (false: the card filled up and it was used). */
    public boolean reserveKept() {
        try {
            return Files.size(reserve) == RESERVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private static void keepReserve(Path reserve) {
        try {
            if (!Files.exists(reserve) || Files.size(reserve) != RESERVE_BYTES) {
                Files.write(reserve, new byte[RESERVE_BYTES]);
            }
        } catch (IOException noRoom) {
            deleteQuietly(reserve); // a partial reserve would only look like one
            log.error("OUTBOX HAS NO RESERVE: the card has no room for it ({})", noRoom.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to free
        }
    }

    /** A write to the outbox; on a full card the reserve is given up and the write tried once more. */
    private <T> T write(Write<T> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_FULL || !Files.exists(reserve)) {
                throw e;
            }
            log.error("THE CARD IS FULL: giving up the outbox's reserve so that this message is still stored");
            deleteQuietly(reserve);
            return work.run();
        }
    }

    @FunctionalInterface
    private interface Write<T> {
        T run() throws SQLException;
    }

    /** The next sequence number for a message from this device; survives restarts. */
    public long nextSeq() throws SQLException {
        long next = setting("seq").map(Long::parseLong).orElse(0L) + 1;
        putSetting("seq", Long.toString(next));
        return next;
    }

    /** Stores a message durably; when this returns, a power cut can no longer lose it. */
    public void add(String id, Channel channel, byte[] payload, long seq, Instant now, String repeatOf,
                    Instant expiresAt) throws SQLException {
        write(() -> insert(id, channel, payload, seq, now, repeatOf, expiresAt));
    }

    private int insert(String id, Channel channel, byte[] payload, long seq, Instant now, String repeatOf,
                       Instant expiresAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, channel, payload, seq,"
                + " created_at, next_attempt_at, repeat_of, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, channel.name());
            insert.setBytes(3, payload);
            insert.setLong(4, seq);
            insert.setLong(5, now.toEpochMilli());
            insert.setLong(6, now.toEpochMilli());
            insert.setString(7, repeatOf);
            if (expiresAt == null) {
                insert.setNull(8, java.sql.Types.INTEGER);
            } else {
                insert.setLong(8, expiresAt.toEpochMilli());
            }
            return insert.executeUpdate();
        }
    }

    /** Messages the hub does not have yet whose next attempt is due, oldest first (alarms before the rest). */
    public List<OutboxEntry> due(Instant now, int limit) throws SQLException {
        return select("WHERE received_at IS NULL AND next_attempt_at <= ? ORDER BY CASE channel WHEN 'ALARM' THEN 0"
                + " WHEN 'CANCEL' THEN 0 ELSE 1 END, seq LIMIT ?", now.toEpochMilli(), limit);
    }

    /** When the next unsent message falls due, if any. */
    public Optional<Instant> nextDue() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT MIN(next_attempt_at) FROM outbox WHERE received_at IS NULL")) {
            try (ResultSet rows = query.executeQuery()) {
                long at = rows.next() ? rows.getLong(1) : 0;
                return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
            }
        }
    }

    /** After a reconnect: everything the hub does not have is due now. */
    public void allDue(Instant now) throws SQLException {
        update("UPDATE outbox SET next_attempt_at = ? WHERE received_at IS NULL AND next_attempt_at > ?",
                now.toEpochMilli(), now.toEpochMilli());
    }

    public void attempted(String id, int attempts, Instant nextAttemptAt) throws SQLException {
        update("UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?", attempts, nextAttemptAt.toEpochMilli(), id);
    }

    /**
     * The hub has acknowledged a message that is not an alarm: it leaves the outbox. True the first time
     * (a resend acknowledged again finds nothing left).
     */
    public boolean delivered(String id) throws SQLException {
        return update("DELETE FROM outbox WHERE id = ? AND channel <> 'ALARM'", id) > 0;
    }

    /**
     * The hub reports where an alarm stands. A repeat press, once received, leaves the outbox (the open
     * call carries the state); a call stays with its new state until it is resolved or cancelled.
     */
    public void hubReported(String alarmId, AlarmState state, String by, Instant at) throws SQLException {
        Optional<OutboxEntry> entry = find(alarmId);
        if (entry.isEmpty() || !entry.get().isAlarm()) {
            return;
        }
        if (state.isFinal() || entry.get().repeatOf() != null) {
            update("DELETE FROM outbox WHERE id = ?", alarmId);
        } else {
            update("UPDATE outbox SET received_at = COALESCE(received_at, ?), state = ?, by_name = COALESCE(?, by_name)"
                    + " WHERE id = ?", at.toEpochMilli(), state.name(), by, alarmId);
        }
    }

    /** Drops non-alarm messages that waited past their expiry; returns how many. */
    public int expire(Instant now) throws SQLException {
        return update("DELETE FROM outbox WHERE channel NOT IN ('ALARM', 'CANCEL') AND expires_at IS NOT NULL"
                + " AND expires_at < ?", now.toEpochMilli());
    }

    public Optional<OutboxEntry> find(String id) throws SQLException {
        List<OutboxEntry> found = select("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** The call the resident has open: the newest alarm (not a repeat press) that is not resolved. */
    public Optional<OutboxEntry> openCall() throws SQLException {
        List<OutboxEntry> found = select("WHERE channel = 'ALARM' AND repeat_of IS NULL ORDER BY seq DESC LIMIT 1");
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** How many messages the hub does not have yet. */
    public int pending() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM outbox WHERE received_at IS NULL")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    public List<OutboxEntry> all() throws SQLException {
        return select("ORDER BY seq");
    }

    /** SQLite's own check of the file; "ok" when it is sound. */
    public String integrityCheck() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            return rows.next() ? rows.getString(1) : "no answer";
        }
    }

    public Optional<String> setting(String key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    public void putSetting(String key, String value) throws SQLException {
        update("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key, value);
    }

    private int update(String sql, Object... args) throws SQLException {
        return write(() -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private List<OutboxEntry> select(String where, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM outbox " + where)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<OutboxEntry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long received = rows.getLong(8);
                    Instant receivedAt = rows.wasNull() ? null : Instant.ofEpochMilli(received);
                    String state = rows.getString(9);
                    entries.add(new OutboxEntry(rows.getString(1), Channel.valueOf(rows.getString(2)), rows.getBytes(3),
                            rows.getLong(4), rows.getInt(5), Instant.ofEpochMilli(rows.getLong(6)),
                            Instant.ofEpochMilli(rows.getLong(7)), receivedAt,
                            state == null ? null : AlarmState.valueOf(state), rows.getString(10), rows.getString(11)));
                }
            }
            return entries;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
