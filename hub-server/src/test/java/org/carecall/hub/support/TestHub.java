package org.carecall.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.carecall.hub.Hub;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;

/**
 * A real hub on free loopback ports with its own store: a SQLite file in a temporary directory, or, when
 * the run says {@code -Dcarecall.test.store=postgresql}, a fresh database on the run's PostgreSQL server
 * (the same one again for a hub started again on the same data directory).
 */
public final class TestHub implements AutoCloseable {
    /** The first admin's password in every test hub. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    /** The engine this run's hubs use: {@code sqlite} (the default) or {@code postgresql}. */
    public static final String STORE = System.getProperty("carecall.test.store", "sqlite");
    private static final Map<Path, String> DATABASES = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final Hub hub;

    private TestHub(Path dataDir, Hub hub) {
        this.dataDir = dataDir;
        this.hub = hub;
    }

    public static TestHub start() throws Exception {
        return start(config -> { });
    }

    public static TestHub start(Consumer<HubConfig> settings) throws Exception {
        return start(Files.createTempDirectory("carecall-hub-"), Clock.systemUTC(), settings);
    }

    /** A new PostgreSQL database for several hub nodes to share. */
    public static StoreSettings sharedStore() throws Exception {
        return new StoreSettings(TestPostgres.shared().newHubDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
    }

    /** One hub node on a database other nodes share: a data directory of its own, the real clock. */
    public static TestHub node(StoreSettings shared, Consumer<HubConfig> settings) throws Exception {
        return start(Files.createTempDirectory("carecall-node-"), Clock.systemUTC(), config -> {
            config.store.url = shared.url();
            config.store.user = shared.user();
            config.store.password = shared.password();
            settings.accept(config);
        });
    }

    public static TestHub start(Path dataDir, Clock clock, Consumer<HubConfig> settings) throws Exception {
        HubConfig config = new HubConfig();
        config.dataDir = dataDir.toString();
        config.nodeId = "node-" + dataDir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
        config.mqtt.host = "127.0.0.1";
        config.mqtt.port = 0;
        config.mqtt.tlsPort = 0;
        config.http.host = "127.0.0.1";
        config.http.port = 0;
        config.http.tlsPort = 0;
        config.http.publicName = "127.0.0.1";
        config.console.adminPassword = ADMIN_PASSWORD;
        StoreSettings store = storeFor(dataDir);
        config.store.url = store.url();
        config.store.user = store.user();
        config.store.password = store.password();
        settings.accept(config);
        return new TestHub(dataDir, Hub.start(config, clock));
    }

    /**
     * The store of a data directory on this run's engine: its SQLite file, or its PostgreSQL database, made
     * on first use and the same for a hub started again on that directory (in this JVM or another).
     */
    public static StoreSettings storeFor(Path dataDir) throws Exception {
        if (!STORE.equals("postgresql")) {
            return StoreSettings.EMBEDDED;
        }
        String url = DATABASES.get(dataDir.toAbsolutePath());
        if (url == null) {
            url = TestPostgres.shared().newHubDatabase();
            DATABASES.put(dataDir.toAbsolutePath(), url);
        }
        return new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    /**
     * A hub with TLS on its second MQTT port, using a fresh self-signed certificate for 127.0.0.1 and
     * localhost made with openssl; {@link #certificate()} is the file a client should trust.
     */
    public static TestHub startWithTls() throws Exception {
        return startWithTls(config -> { });
    }

    public static TestHub startWithTls(Consumer<HubConfig> settings) throws Exception {
        Path dir = certificateFor127();
        return start(config -> {
            config.mqtt.tlsCert = dir.resolve("cert.pem").toString();
            config.mqtt.tlsKey = dir.resolve("key.pem").toString();
            settings.accept(config);
        });
    }

    /**
     * A hub whose console is served over HTTPS (and MQTT over TLS), with the same kind of certificate; the
     * plain HTTP port sends browsers to HTTPS. {@link #consoleUrl()} is where a browser should go.
     */
    public static TestHub startWithHttps(Consumer<HubConfig> settings) throws Exception {
        Path dir = certificateFor127();
        return start(config -> {
            config.http.tlsPort = 0;
            config.http.tlsCert = dir.resolve("cert.pem").toString();
            config.http.tlsKey = dir.resolve("key.pem").toString();
            config.mqtt.tlsCert = config.http.tlsCert;
            config.mqtt.tlsKey = config.http.tlsKey;
            settings.accept(config);
        });
    }

    /** A fresh self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
    private static Path certificateFor127() throws Exception {
        Path dir = Files.createTempDirectory("carecall-tls-");
        Command made = Command.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        if (made.exit() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate: " + made.output());
        }
        return dir;
    }

    /** The console's address: HTTPS when a certificate is configured, else plain HTTP on loopback. */
    public String consoleUrl() {
        return hub.config().http.ownCertificate() ? "https://127.0.0.1:" + hub.httpsPort() + "/"
                : "http://127.0.0.1:" + hub.httpPort() + "/";
    }

    /** The console over HTTPS, which every hub serves (with the hub's own CA when no certificate is set). */
    public String httpsUrl() {
        return "https://127.0.0.1:" + hub.httpsPort() + "/";
    }

    /**
     * The certificate a client should trust: the configured one of a hub started with {@link #startWithTls()},
     * else the community CA the hub made in its data directory.
     */
    public Path certificate() {
        HubConfig config = hub.config();
        return config.mqtt.tlsCert != null ? Path.of(config.mqtt.tlsCert)
                : config.http.tlsCert != null ? Path.of(config.http.tlsCert) : dataDir.resolve("tls").resolve("ca.pem");
    }

    public Hub hub() {
        return hub;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + hub.mqttPort();
    }

    /** A console logged in as the first admin. */
    public TestConsole admin() throws Exception {
        return TestConsole.login(hub.httpPort(), "admin", ADMIN_PASSWORD);
    }

    /**
     * Registers devices in the data directory of a hub that is not running (as {@code carecall hub
     * add-device} does), for tests that start the hub as a process of its own; ids from {@code idFormat}
     * and 1, 2, ...
     */
    public static List<DeviceRegistry.Enrolled> enrolInto(Path dataDir, String idFormat, int count) throws Exception {
        return enrolInto(dataDir, storeFor(dataDir), idFormat, count);
    }

    /** The same, into the given store (the database several hub nodes share). */
    public static List<DeviceRegistry.Enrolled> enrolInto(Path dataDir, StoreSettings store, String idFormat, int count)
            throws Exception {
        return enrolInto(dataDir, store, idFormat, count, 60);
    }

    /** The same, the units asked for a heartbeat every {@code heartbeatS} seconds. */
    public static List<DeviceRegistry.Enrolled> enrolInto(Path dataDir, StoreSettings store, String idFormat, int count,
                                                          int heartbeatS) throws Exception {
        List<DeviceRegistry.Enrolled> units = new ArrayList<>();
        try (Database database = Database.open(dataDir, store)) {
            DeviceRegistry registry = new DeviceRegistry(database, Clock.systemUTC(), 10, heartbeatS);
            for (int i = 1; i <= count; i++) {
                units.add(registry.create(idFormat.formatted(i), "unit " + i, null).join());
            }
        }
        return units;
    }

    /**
     * A plain connection of the test's own to this hub's store, SQLite file or PostgreSQL database, to
     * look at (or try to change) what the hub stored behind its back.
     */
    public Connection connect() throws SQLException {
        HubConfig config = hub.config();
        return config.store.url == null
                ? DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carecall-hub.db"))
                : DriverManager.getConnection(config.store.url, config.store.user, config.store.password);
    }

    /** Registers a new device and returns its id and secret. */
    public DeviceRegistry.Enrolled enrol(String deviceId) {
        return hub.units().devices().create(deviceId, "test unit", null).join();
    }

    @Override
    public void close() throws IOException {
        hub.close();
    }
}
