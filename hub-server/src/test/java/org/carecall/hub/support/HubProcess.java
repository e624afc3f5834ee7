package org.carecall.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.carecall.hub.store.StoreSettings;

/** A hub in its own JVM, started the way {@code ./carecall hub} starts it, so a test can kill -9 it. */
public final class HubProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("MQTT on port (\\d+), HTTP on port (\\d+)");

    private final ChildJvm jvm;

    private HubProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts a hub on the data directory with free loopback ports and waits until it is listening. */
    public static HubProcess start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /**
     * Starts a hub on the data directory with the given MQTT port (0: any free one), so that a hub started
     * again after a kill is found by units where the last one was. The admin's password is
     * {@link TestHub#ADMIN_PASSWORD}.
     */
    public static HubProcess start(Path dataDir, int mqttPort) throws Exception {
        return start(dataDir, mqttPort, TestHub.storeFor(dataDir));
    }

    /** The same, on the given store: several hub nodes of one district share one PostgreSQL database. */
    public static HubProcess start(Path dataDir, int mqttPort, StoreSettings store) throws Exception {
        return start(dataDir, mqttPort, store, "");
    }

    /** The same, with more of the hub's settings (YAML sections) added to the file it is started with. */
    public static HubProcess start(Path dataDir, int mqttPort, StoreSettings store, String settings) throws Exception {
        return startWith(settings(dataDir, mqttPort, 0, store, settings));
    }

    /**
     * Writes a node's settings file into its data directory and returns it: the given ports (0: any free
     * one), the store, and more of the hub's settings (YAML sections). A node started again from the same
     * file, of this release or another, is the same node on the same ports.
     */
    public static Path settings(Path dataDir, int mqttPort, int httpPort, StoreSettings store, String settings)
            throws IOException {
        Path config = dataDir.resolve("hub.yaml");
        Files.writeString(config, """
                dataDir: %s
                nodeId: %s
                mqtt:
                  host: 127.0.0.1
                  port: %d
                  tlsPort: 0
                http:
                  host: 127.0.0.1
                  port: %d
                  tlsPort: 0
                  publicName: 127.0.0.1
                console:
                  adminPassword: %s
                """.formatted(dataDir, "node-" + dataDir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-"),
                mqttPort, httpPort, TestHub.ADMIN_PASSWORD) + store(store) + settings);
        return config;
    }

    /** This build's hub on a settings file, waiting until it is listening. */
    public static HubProcess startWith(Path config) throws Exception {
        return new HubProcess(ChildJvm.start("org.carecall.hub.HubMain", List.of("--config", config.toString()), READY));
    }

    /** The hub of another release, its runnable jar ({@link PreviousRelease}), on a settings file. */
    public static HubProcess startRelease(Path jar, Path config) throws Exception {
        return new HubProcess(ChildJvm.startJar(jar, List.of("--config", config.toString()), READY));
    }

    /** The store section of the hub's settings: none for SQLite in the data directory. */
    private static String store(StoreSettings store) {
        return store.embedded() ? "" : """
                store:
                  url: "%s"
                  user: %s
                  password: %s
                """.formatted(store.url(), store.user(), store.password());
    }

    /** A live console on this hub, logged in as the first admin. */
    public TestLiveConsole adminConsole() throws Exception {
        TestLiveConsole console = new TestLiveConsole(httpPort());
        console.auth(TestConsole.login(httpPort(), "admin", TestHub.ADMIN_PASSWORD).token());
        return console;
    }

    public int httpPort() {
        return Integer.parseInt(jvm.ready().group(2));
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + jvm.ready().group(1);
    }

    /**
     * Stops the node as {@code systemctl stop} does (SIGTERM, its shutdown hook runs); returns whether it
     * ended by itself within 30 s (if not, it was killed).
     */
    public boolean stop() throws InterruptedException {
        return jvm.stop(Duration.ofSeconds(30));
    }

    public void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
