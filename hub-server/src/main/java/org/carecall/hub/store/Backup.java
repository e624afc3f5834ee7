package org.carecall.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies of the hub's store, and putting one back. A backup is taken while the hub runs: SQLite's
 * {@code VACUUM INTO} writes one consistent snapshot (every call committed before it began, none half
 * written) from a connection of its own, beside the hub's writer. The store holds residents' health notes,
 * so a backup is sealed to the installation's public key ({@link BackupSeal}) unless plaintext is asked for,
 * and is written with mode 0600 either way; the plain snapshot exists only in a directory of mode 0700
 * while it is sealed. A restore happens only on a stopped hub, only from a file that opens with the private
 * key (a sealed one) and that SQLite finds whole and holds a CareCall store; it ends every stored session,
 * and keeps the store it replaces beside it.
 */
public final class Backup {
    public static final String STORE = "carecall-hub.db";
    /** What a sealed backup's name ends with. */
    public static final String SEALED = ".db.pgp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private Backup() {
    }

    /** Seconds since the newest backup in {@code dir} was written; -1 when there is none (or no folder). */
    public static double ageSeconds(Path dir, Clock clock) {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".db")
                            || file.getFileName().toString().endsWith(SEALED))
                    .mapToLong(file -> file.toFile().lastModified()).max()
                    .stream().mapToDouble(newest -> Math.max(0, clock.millis() - newest) / 1000.0).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A consistent copy of the store under {@code dataDir}, made while the hub may be running: sealed to
     * {@code publicKey}, or plain when it is null.
     */
    public static void copy(Path dataDir, Path target, Path publicKey) throws SQLException, IOException {
        Path store = dataDir.resolve(STORE);
        if (!Files.isRegularFile(store)) {
            throw new IOException("there is no hub store at " + store);
        }
        if (Files.exists(target)) {
            throw new IOException(target + " exists already; a backup never overwrites a file");
        }
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path work = Files.createTempDirectory(folder, ".carecall-backup-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path snapshot = work.resolve(STORE);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
                 Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("VACUUM INTO '" + snapshot.toString().replace("'", "''") + "'");
            }
            check(snapshot);
            if (publicKey != null) {
                BackupSeal.seal(snapshot, publicKey, target);
            } else {
                Files.setPosixFilePermissions(snapshot, PosixFilePermissions.fromString("rw-------"));
                Files.move(snapshot, target);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** A dated backup in {@code dir}, keeping the newest {@code keep}; answers the new file. */
    public static Path rotate(Path dataDir, Path dir, int keep, Path publicKey, Clock clock) throws SQLException, IOException {
        Path target = dir.resolve("carecall-hub-" + STAMP.format(clock.instant()) + (publicKey != null ? SEALED : ".db"));
        copy(dataDir, target, publicKey);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> backups = files.filter(file -> file.getFileName().toString()
                            .matches("carecall-hub-\\d{8}-\\d{6}\\.db(\\.pgp)?"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString().substring(0, 28))).toList();
            for (int i = 0; i < backups.size() - keep; i++) {
                Files.delete(backups.get(i));
            }
        }
        return target;
    }

    /**
     * Puts a backup back on a stopped hub: the current store is kept as {@code carecall-hub.db.replaced-<time>}.
     * A sealed backup needs its private key ({@code passphrase} empty for a key without one). Refused while a
     * hub holds the data directory, and for a file that is not a whole CareCall store. Every session stored in
     * the backup is ended: a token from the time of the backup lets nobody in.
     */
    public static Path restore(Path dataDir, Path source, Path privateKey, char[] passphrase, Clock clock)
            throws SQLException, IOException {
        if (!Files.isRegularFile(source)) {
            throw new IOException("there is no file " + source);
        }
        boolean sealed = !BackupSeal.isPlain(source);
        if (sealed && !BackupSeal.looksSealed(source)) {
            throw new IOException(source + " is not a CareCall backup: neither a hub store nor an encrypted one");
        }
        if (sealed && privateKey == null) {
            throw new IOException(source + " is encrypted: restore it with --key PRIVATE_KEY_FILE, the private key"
                    + " of the pair whose public key the hub writes its backups for");
        }
        HubLock lock;
        try {
            lock = HubLock.acquire(dataDir);
        } catch (IOException running) {
            throw new IOException("a hub is running on " + dataDir + "; stop it before restoring", running);
        }
        try (lock) {
            Path incoming = dataDir.resolve(STORE + ".restoring");
            Files.deleteIfExists(incoming);
            try {
                if (sealed) {
                    BackupSeal.open(source, privateKey, passphrase, incoming);
                } else {
                    Files.copy(source, incoming);
                    Files.setPosixFilePermissions(incoming, PosixFilePermissions.fromString("rw-------"));
                }
                check(incoming);
                endSessions(incoming);
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
                Files.move(incoming, store, StandardCopyOption.ATOMIC_MOVE);
                return kept;
            } finally {
                Files.deleteIfExists(incoming);
            }
        }
    }

    /** Sessions stored in a restored store end: whoever held a token then logs in again. */
    private static void endSessions(Path file) throws IOException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            try (ResultSet table = statement.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staff_session'")) {
                if (!table.next()) {
                    return;
                }
            }
            statement.executeUpdate("DELETE FROM staff_session");
        } catch (SQLException e) {
            throw new IOException("the sessions stored in " + file + " could not be ended: " + e.getMessage(), e);
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
