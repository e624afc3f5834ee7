package org.carecall.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The hub's SQLite file: WAL with synchronous=FULL, so a committed alarm survives a power cut. Writes go
 * through the single {@link StoreWriter}; reads borrow one of a few read connections, which WAL lets run
 * beside the writer.
 */
public final class Database implements AutoCloseable {
    private static final int READERS = 4;

    private final Path file;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final StoreWriter writer;

    private Database(Path file) throws SQLException {
        this.file = file;
        SQLiteDataSource migrating = new SQLiteDataSource(config(false));
        migrating.setUrl(url());
        Migrations.apply(migrating, Engine.SQLITE);
        Connection writeConnection = open(false);
        this.writer = new StoreWriter(writeConnection);
        for (int i = 0; i < READERS; i++) {
            readers.add(open(true));
        }
    }

    /** Opens (creating if need be) the database under the data directory and brings its schema up to date. */
    public static Database open(Path dataDir) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return new Database(dataDir.resolve("carecall-hub.db"));
    }

    public Path file() {
        return file;
    }

    public StoreWriter writer() {
        return writer;
    }

    /** Runs a read on a borrowed connection; the connection goes back whatever happens. */
    public <T> T read(StoreWriter.Work<T> work) throws SQLException {
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a read connection", e);
        }
        try {
            return work.run(connection);
        } finally {
            readers.add(connection);
        }
    }

    private Connection open(boolean readOnly) throws SQLException {
        return config(readOnly).createConnection(url());
    }

    private String url() {
        return "jdbc:sqlite:" + file;
    }

    private static SQLiteConfig config(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setReadOnly(readOnly);
        return config;
    }

    @Override
    public void close() {
        writer.close();
        Connection connection;
        while ((connection = readers.poll()) != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing on shutdown; nothing left to protect
            }
        }
    }
}
