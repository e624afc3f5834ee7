package org.carecall.hub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;

/**
 * A real PostgreSQL server, Debian's, for the tests: its own cluster in a temporary directory on a free
 * loopback port, with password logins. initdb and postgres refuse to run as root, so as root they run as
 * the {@code postgres} user. One server serves a whole test run (started on first use, stopped when the
 * JVM ends); each test takes a fresh, empty database of its own.
 */
public final class TestPostgres implements AutoCloseable {
    public static final String USER = "carecall";
    public static final String PASSWORD = "carecall-test-password";
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final String TEMPLATE = "carecall_template";
    private static TestPostgres shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean migratedTemplate;

    private TestPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** The run's server, started the first time a test asks for it. */
    public static synchronized TestPostgres shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            TestPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stopQuietly(), "test-postgres-stop"));
        }
        return shared;
    }

    /** A server of its own, for tests that stop, kill or start it. */
    public static TestPostgres start() throws IOException, InterruptedException {
        return start("");
    }

    /**
     * A server of its own with settings added to its postgresql.conf, which standbys copied from it keep
     * (so a promoted standby asks for the same synchronous standbys).
     */
    public static TestPostgres start(String settings) throws IOException, InterruptedException {
        Path bin = installed();
        Path dir = newDirectory();
        check(as(Duration.ofSeconds(120), bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", USER, "--pwfile=" + dir.resolve("password"), "-A", "scram-sha-256", "-E", "UTF8",
                "--locale=C"), "initdb");
        Files.writeString(dir.resolve("data/postgresql.conf"), "\n" + settings + "\n", StandardOpenOption.APPEND);
        TestPostgres server = new TestPostgres(bin, dir, freePort());
        server.startAgain();
        return server;
    }

    /**
     * A hot standby of this server, streaming from it as {@code name} (its application name, which
     * {@code synchronous_standby_names} lists): a base backup of this server, started on a port of its own.
     */
    public TestPostgres standby(String name) throws IOException, InterruptedException {
        Path standbyDir = newDirectory();
        check(as(Duration.ofSeconds(120), bin.resolve("pg_basebackup").toString(), "-d", conninfo(name),
                "-D", standbyDir.resolve("data").toString(), "-X", "stream", "-R", "-c", "fast"), "pg_basebackup");
        TestPostgres standby = new TestPostgres(bin, standbyDir, freePort());
        standby.startAgain();
        return standby;
    }

    /** Ends this standby's recovery: it takes writes from now on. Waits until it does. */
    public void promote() throws SQLException {
        execute("SELECT pg_promote(true, 60)");
    }

    /** Points this standby at another primary, as a failover manager does after promoting one. */
    public void follow(TestPostgres primary, String name) throws SQLException {
        execute("ALTER SYSTEM SET primary_conninfo = '" + primary.conninfo(name) + "'");
        execute("SELECT pg_reload_conf()");
    }

    /** How far this standby has received the primary's WAL, in bytes. */
    public long receivedWal() throws SQLException {
        return number("SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0')");
    }

    /** One more hub node's store on a database made by {@link #newDatabase()}: several nodes share it. */
    public static org.carecall.hub.store.Database node(String url) throws SQLException {
        return org.carecall.hub.store.Database.postgres(new StoreSettings(url, USER, PASSWORD));
    }

    /** How many standbys stream from this server now. */
    public int streamingStandbys() throws SQLException {
        return (int) number("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'");
    }

    /** The server and every backend killed with SIGKILL: the machine gone, nothing written on the way out. */
    public void killHard() throws IOException, InterruptedException {
        signal("-KILL");
    }

    private long number(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String conninfo(String applicationName) {
        return "host=127.0.0.1 port=" + port + " user=" + USER + " password=" + PASSWORD
                + " application_name=" + applicationName;
    }

    /** Starts the server again after {@link #stop()} or {@link #kill()}, on the same port, with its data. */
    public void startAgain() throws IOException, InterruptedException {
        check(as(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "50", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c max_connections=300", "start"),
                "pg_ctl start");
    }

    /** A clean shutdown: what an operator's restart does. */
    public void stop() throws IOException, InterruptedException {
        check(as(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-m", "fast", "-w", "stop"), "pg_ctl stop");
    }

    /** The server killed at once, as a crash or a pulled plug: no checkpoint, recovery at the next start. */
    public void kill() throws IOException, InterruptedException {
        check(as(Duration.ofSeconds(60), bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-m", "immediate", "-w", "stop"), "pg_ctl stop -m immediate");
    }

    /**
     * Freezes the server (SIGSTOP to it and every backend): its connections stay open and nothing
     * answers, as when the network to it is cut or its machine hangs. {@link #thaw()} lets it go on.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).getFirst().trim());
        List<String> line = new ArrayList<>(List.of("kill", signal, String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(child -> line.add(String.valueOf(child.pid())));
        check(Command.run(Duration.ofSeconds(10), line.toArray(String[]::new)), "kill " + signal);
    }

    public int port() {
        return port;
    }

    /** A new, empty database on this server; its JDBC URL. */
    public String newDatabase() throws SQLException {
        return url(createDatabase("carecall_" + databases.incrementAndGet(), ""));
    }

    /**
     * A new database with the hub's schema already in it: a copy of a template that the hub's own
     * migrations brought up to date once on this server. Migrating an empty database cost a test hub about
     * a third of a second here (DeviceEndpointTest: 30.8 s with it, 26.7 s from the template), and most tests
     * start a hub or two; the migrations themselves still run, once, and in the store's tests on empty
     * databases.
     */
    public synchronized String newHubDatabase() throws SQLException {
        if (!migratedTemplate) {
            createDatabase(TEMPLATE, "");
            Database.postgres(new StoreSettings(url(TEMPLATE), USER, PASSWORD)).close();
            migratedTemplate = true;
        }
        return url(createDatabase("carecall_" + databases.incrementAndGet(), " TEMPLATE " + TEMPLATE));
    }

    private String createDatabase(String name, String from) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + from);
        }
        return name;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server if it runs, whatever state a test left it in. */
    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        if (!Files.exists(dir.resolve("data/postmaster.pid"))) {
            return;
        }
        try {
            kill();
        } catch (IOException | InterruptedException | AssertionError ignored) {
            // the JVM is ending; the directory is temporary
        }
    }

    /** Debian's newest PostgreSQL, under /usr/lib/postgresql/<version>/bin. */
    static Path installed() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("PostgreSQL is not installed: apt-get install postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .orElseThrow(() -> new IOException("no initdb under " + root));
        }
    }

    /** Runs a PostgreSQL program, as the postgres user when the tests run as root. */
    static Command as(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return Command.run(timeout, line.toArray(String[]::new));
    }

    static Path newDirectory() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("carecall-postgres-");
        Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        if (ROOT) {
            check(Command.run("chown", "-R", "postgres:postgres", dir.toString()), "chown");
        }
        return dir;
    }

    static void check(Command command, String what) throws IOException {
        if (command.exit() != 0) {
            throw new IOException(what + " failed (" + command.exit() + "): " + command.output());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
