package org.carecall.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The hub's store, on one of two engines. Embedded: one SQLite file in WAL with synchronous=FULL, so a
 * committed alarm survives a power cut. A district: a PostgreSQL database shared by the hubs, reached
 * through a small connection pool. On both, writes go through the single {@link StoreWriter} and reads
 * borrow a connection that runs beside it.
 */
public final class Database implements AutoCloseable {
    private static final int SQLITE_READERS = 4;
    private static final int POSTGRES_POOL = 8;
    private static final int READ_ATTEMPTS = POSTGRES_POOL + 1; // every pooled connection may be broken at once
    // One round trip of a group commit takes milliseconds; a year's report may read for a while.
    private static final int WRITE_TIMEOUT_S = 15;
    private static final int READ_TIMEOUT_S = 60;

    /** Where reads get their connections, and how those go back. */
    private interface Readers extends AutoCloseable {
        Connection borrow() throws SQLException;

        void giveBack(Connection connection);

        /** A connection the server broke: closed, never handed out again. */
        void discard(Connection connection);

        @Override
        void close();
    }

    private final Engine engine;
    private final Path file;
    private final Readers readers;
    private final StoreWriter writer;
    private final StoreWriter.ConnectionSource dedicated; // null: the engine has no server to listen to
    private final int schemaKnown;

    private Database(Engine engine, Path file, Readers readers, StoreWriter writer,
                     StoreWriter.ConnectionSource dedicated, int schemaKnown) {
        this.schemaKnown = schemaKnown;
        this.engine = engine;
        this.file = file;
        this.readers = readers;
        this.writer = writer;
        this.dedicated = dedicated;
    }

    /** Opens (creating if need be) the embedded database under the data directory, its schema up to date. */
    public static Database open(Path dataDir) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new SQLException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve("carecall-hub.db");
        String url = "jdbc:sqlite:" + file;
        SQLiteDataSource migrating = new SQLiteDataSource(sqlite(false));
        migrating.setUrl(url);
        int schemaKnown = Migrations.apply(migrating, Engine.SQLITE);
        StoreWriter writer = new StoreWriter(Engine.SQLITE, () -> sqlite(false).createConnection(url));
        BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(SQLITE_READERS);
        for (int i = 0; i < SQLITE_READERS; i++) {
            idle.add(sqlite(true).createConnection(url));
        }
        return new Database(Engine.SQLITE, file, new SqliteReaders(idle), writer, null, schemaKnown);
    }

    /** The embedded database, or PostgreSQL when the settings name one. */
    public static Database open(Path dataDir, StoreSettings settings) throws SQLException {
        return settings.embedded() ? open(dataDir) : postgres(settings);
    }

    /**
     * Opens a PostgreSQL database and brings its schema up to date (Flyway locks it while it does, so
     * several hubs may start at once). A database that cannot be used is one sentence naming where it is
     * and what failed.
     */
    public static Database postgres(StoreSettings settings) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("carecall-store");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(POSTGRES_POOL);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(1); // one try at start: a hub that cannot store says so at once
        config.setDataSourceProperties(connectionProperties(settings, READ_TIMEOUT_S));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw PostgresProblems.sentence(settings, e.getCause() instanceof SQLException sql ? sql
                    : new SQLException(String.valueOf(e.getMessage()), e));
        } catch (RuntimeException e) {
            throw new SQLException("cannot use the database at " + settings.where() + ": " + e.getMessage(), e);
        }
        try {
            int schemaKnown = Migrations.apply(pool, Engine.POSTGRESQL);
            // The writer keeps a connection of its own, outside the pool: after a failure it opens a new one
            // rather than be handed back an idle pooled one that the lost server broke too.
            StoreWriter writer = new StoreWriter(Engine.POSTGRESQL, () -> DriverManager.getConnection(settings.url(),
                    connectionProperties(settings, WRITE_TIMEOUT_S)));
            StoreWriter.ConnectionSource dedicated = () -> DriverManager.getConnection(settings.url(),
                    connectionProperties(settings, READ_TIMEOUT_S));
            return new Database(Engine.POSTGRESQL, null, new PooledReaders(pool, writer, dedicated), writer, dedicated,
                    schemaKnown);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The connection settings. A server that stops answering without closing the connection (a network
     * cut, a frozen machine) would otherwise hold a commit forever: after the socket timeout the write
     * fails as the store's failure, the "cannot store calls" alarm goes up and the writer connects afresh.
     */
    private static Properties connectionProperties(StoreSettings settings, int socketTimeoutS) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user() == null ? "" : settings.user());
        properties.setProperty("password", settings.password() == null ? "" : settings.password());
        properties.setProperty("ApplicationName", "carecall-hub");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutS));
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    public Engine engine() {
        return engine;
    }

    /** The newest schema version this node's code knows, which its row among the hub nodes tells the others. */
    public int schemaKnown() {
        return schemaKnown;
    }

    /** The embedded database's file; null on PostgreSQL, which has no file of the hub's. */
    public Path file() {
        return file;
    }

    public StoreWriter writer() {
        return writer;
    }

    /**
     * A connection of the caller's own, outside the pool, for a task that holds one for long (a node
     * listening for the other nodes' news). Only a database server has other nodes to hear from.
     */
    public Connection dedicatedConnection() throws SQLException {
        if (dedicated == null) {
            throw new SQLException("the embedded store serves one hub node only");
        }
        return dedicated.open();
    }

    /**
     * Runs a read on a borrowed connection; the connection goes back whatever happens. A read that loses
     * its connection (a restarted server broke the pooled ones) is run again on another: reads change
     * nothing, so running one twice is safe.
     */
    public <T> T read(StoreWriter.Work<T> work) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            Connection connection;
            try {
                connection = readers.borrow();
            } catch (SQLException e) {
                throw new StoreException("the store cannot be reached: " + e.getMessage(), e, true);
            }
            boolean broken = false;
            try {
                return work.run(connection);
            } catch (SQLException e) {
                broken = engine.storageFailure(e);
                if (!broken || attempt == READ_ATTEMPTS) {
                    throw StoreException.of(engine, e);
                }
            } finally {
                if (broken) {
                    readers.discard(connection);
                } else {
                    readers.giveBack(connection);
                }
            }
        }
    }

    private static SQLiteConfig sqlite(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // The writer's savepoint per task keeps a sub-journal of the pages it changes; in a temporary file
        // that was half of what a call cost the writer (write calls into the kernel). In memory it is gone
        // with the transaction either way, so nothing durable depends on where it is.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // The driver otherwise runs a query for the new row's key after every insert; the hub never asks
        // for it (its keys are its own ids, and RETURNING reads what it needs).
        config.setGetGeneratedKeys(false);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setReadOnly(readOnly);
        return config;
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    /** A few read-only connections to the SQLite file, which WAL lets read beside the writer. */
    private record SqliteReaders(BlockingQueue<Connection> idle) implements Readers {
        @Override
        public Connection borrow() throws SQLException {
            try {
                return idle.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a read connection", e);
            }
        }

        @Override
        public void giveBack(Connection connection) {
            idle.add(connection);
        }

        @Override
        public void discard(Connection connection) {
            idle.add(connection); // a file has no server to lose: SQLite's failures are the disk's, not the link's
        }

        @Override
        public void close() {
            Connection connection;
            while ((connection = idle.poll()) != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing on shutdown; nothing left to protect
                }
            }
        }
    }

    /**
     * PostgreSQL's connections come from the pool, which also replaces the ones a lost server broke. When
     * the pool could not make a single connection in its whole timeout, the server is gone: for a while the
     * next reads fail at once rather than each waiting the timeout again, so that a thread that reads (the
     * event thread, escalation's timer) is held up once per outage window, not once per read. A commit of
     * the writer's ends that while at once: the server is back.
     */
    private static final class PooledReaders implements Readers {
        private static final long GONE_FOR_NANOS = TimeUnit.SECONDS.toNanos(5);

        private final HikariDataSource pool;
        private final StoreWriter writer;
        private final StoreWriter.ConnectionSource unpooled;
        private final Set<Connection> lent = ConcurrentHashMap.newKeySet(); // opened past the pool, closed after use
        private volatile long goneUntil = System.nanoTime();

        PooledReaders(HikariDataSource pool, StoreWriter writer, StoreWriter.ConnectionSource unpooled) {
            this.pool = pool;
            this.writer = writer;
            this.unpooled = unpooled;
        }

        @Override
        public Connection borrow() throws SQLException {
            if (System.nanoTime() - goneUntil < 0 && !writer.healthy()) {
                throw new SQLTransientConnectionException("no connection to the database could be made"
                        + " a moment ago; trying again shortly");
            }
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException e) {
                if (pool.getHikariPoolMXBean().getTotalConnections() > 0) {
                    throw e; // the pool is busy, not empty
                }
                if (writer.healthy()) {
                    // The server is back (the writer commits) but the pool, after failing to connect while it
                    // was gone, waits out its back-off before it tries again: this read connects for itself.
                    Connection own = unpooled.open();
                    lent.add(own);
                    return own;
                }
                goneUntil = System.nanoTime() + GONE_FOR_NANOS;
                throw e;
            }
        }

        @Override
        public void giveBack(Connection connection) {
            try {
                connection.close(); // back to the pool, or closed if it was opened past it
            } catch (SQLException e) {
                pool.evictConnection(connection);
            } finally {
                lent.remove(connection);
            }
        }

        @Override
        public void discard(Connection connection) {
            if (lent.remove(connection)) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // a connection the server broke has nothing left to close
                }
            } else {
                pool.evictConnection(connection);
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
