package org.carecall.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies of the hub's store, and putting one back. A backup is taken while the hub runs: SQLite's
 * {@code VACUUM INTO} writes one consistent snapshot (every call committed before it began, none half
 * written) from a connection of its own, beside the hub's writer. A restore happens only on a stopped
 * hub, only from a file that SQLite finds whole and that holds a CareCall store, and keeps the store it
 * replaces beside it.
 */
public final class Backup {
    public static final String STORE = "carecall-hub.db";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Backup() {
    }

    /** A consistent copy of the store under {@code dataDir}, made while the hub may be running. */
    public static void copy(Path dataDir, Path target) throws SQLException, IOException {
        Path store = dataDir.resolve(STORE);
        if (!Files.isRegularFile(store)) {
            throw new IOException("there is no hub store at " + store);
        }
        if (Files.exists(target)) {
            throw new IOException(target + " exists already; a backup never overwrites a file");
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        }
        check(target);
    }

    /** A dated backup in {@code dir}, keeping the newest {@code keep}; answers the new file. */
    public static Path rotate(Path dataDir, Path dir, int keep, Clock clock) throws SQLException, IOException {
        Path target = dir.resolve("carecall-hub-" + STAMP.format(clock.instant()) + ".db");
        copy(dataDir, target);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> backups = files.filter(file -> file.getFileName().toString().matches("carecall-hub-\\d{8}-\\d{6}\\.db"))
                    .sorted().toList();
            for (int i = 0; i < backups.size() - keep; i++) {
                Files.delete(backups.get(i));
            }
        }
        return target;
    }

    /**
     * Puts a backup back on a stopped hub: the current store is kept as {@code carecall-hub.db.replaced-<time>}.
     * Refused while a hub holds the data directory, and for a file that is not a whole CareCall store.
     */
    public static Path restore(Path dataDir, Path source, Clock clock) throws SQLException, IOException {
        check(source);
        HubLock lock;
        try {
            lock = HubLock.acquire(dataDir);
        } catch (IOException running) {
            throw new IOException("a hub is running on " + dataDir + "; stop it before restoring", running);
        }
        try (lock) {
            Path store = dataDir.resolve(STORE);
            Path kept = dataDir.resolve(STORE + ".replaced-" + STAMP.format(clock.instant()));
            if (Files.exists(store)) {
                Files.move(store, kept);
            }
            for (String side : new String[] {"-wal", "-shm"}) {
                Path file = dataDir.resolve(STORE + side);
                if (Files.exists(file)) {
                    Files.move(file, dataDir.resolve(kept.getFileName() + side));
                }
            }
            Files.copy(source, store, StandardCopyOption.COPY_ATTRIBUTES);
            return kept;
        }
    }

    /** Whole (SQLite's integrity check) and a CareCall store (its schema history and calls are there). */
    static void check(Path file) throws SQLException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("there is no file " + file);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                String answer = rows.next() ? rows.getString(1) : "no answer";
                if (!"ok".equals(answer)) {
                    throw new IOException(file + " is damaged: " + answer);
                }
            }
            // A hub's schema history is Flyway's, or the hub's own from before Flyway.
            try (ResultSet rows = statement.executeQuery("SELECT SUM(name IN ('alarm', 'staff')), SUM(name IN"
                    + " ('flyway_schema_history', 'schema_version')) FROM sqlite_master WHERE type = 'table'")) {
                if (!rows.next() || rows.getInt(1) != 2 || rows.getInt(2) == 0) {
                    throw new IOException(file + " is not a CareCall hub store");
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + " is not a readable SQLite file: " + e.getMessage(), e);
        }
    }
}
