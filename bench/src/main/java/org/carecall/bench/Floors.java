package org.carecall.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two floors the hub's figures are compared with, measured on the same machine in the same run:
 * the transport floor (the same payload from a publisher through Debian's Mosquitto to a subscriber,
 * QoS 1, over loopback) and the durability floor (one row committed by SQLite in WAL mode with
 * synchronous=FULL on the same disk as the hub's database).
 */
public final class Floors {
    private Floors() {
    }

    /** Publishes {@code count} payloads at {@code perSecond} through Mosquitto and times each to the subscriber. */
    public static Latency mosquitto(byte[] payload, int count, int perSecond) throws Exception {
        int port = HubUnderBench.quietPort();
        Process broker = new ProcessBuilder(mosquittoBinary(), "-p", "" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Latency relay = new Latency("Mosquitto relay, publisher to subscriber (QoS 1)");
        try (Swarm swarm = new Swarm(1)) {
            awaitPort(port);
            if (!broker.isAlive()) {
                throw new IOException("mosquitto could not listen on port " + port);
            }
            Map<String, Long> sent = new ConcurrentHashMap<>();
            CountDownLatch arrived = new CountDownLatch(count);
            MqttPeer subscriber = new MqttPeer("floor-sub", "floor", "floor", "floor/#", new MqttPeer.Listener() {
                @Override
                public void message(MqttPeer peer, String topic, byte[] body, long arrivedNanos) {
                    Long start = sent.remove(topic);
                    if (start != null) {
                        relay.record(start, arrivedNanos);
                        arrived.countDown();
                    }
                }
            });
            MqttPeer publisher = new MqttPeer("floor-pub", "floor", "floor", null, new MqttPeer.Listener() { });
            if (swarm.connect(port, List.of(subscriber, publisher), 2, 10).size() != 2) {
                throw new IOException("could not connect to mosquitto on port " + port);
            }
            Pacer pacer = new Pacer(perSecond);
            for (int i = 0; i < count; i++) {
                pacer.await(i);
                String topic = "floor/" + i;
                sent.put(topic, System.nanoTime());
                publisher.publish(topic, payload, MqttQoS.AT_LEAST_ONCE);
            }
            arrived.await(30, TimeUnit.SECONDS);
        } finally {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
        return relay;
    }

    /**
     * Commits {@code count} single-row transactions on PostgreSQL (synchronous_commit on, over loopback),
     * as the hub's intake does for one alarm: the durability floor of the PostgreSQL store.
     */
    public static Latency postgresCommit(String url, String user, String password, int count) throws Exception {
        Latency commit = new Latency("PostgreSQL commit (synchronous_commit=on, loopback)");
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("CREATE TABLE floor_alarm (id TEXT PRIMARY KEY, body TEXT NOT NULL, at BIGINT NOT NULL)");
            }
            commitOneByOne(connection, "floor_alarm", count, commit);
        }
        return commit;
    }

    /** One row per transaction into {@code table}, each commit timed into {@code commit}. */
    private static void commitOneByOne(Connection connection, String table, int count, Latency commit)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                insert.setString(1, "alarm-" + i);
                insert.setString(2, "{\"kind\":\"CALL_BUTTON\"}");
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
                connection.commit();
                commit.record(start, System.nanoTime());
            }
        }
    }

    /** Commits {@code count} single-row transactions, as the hub's intake does for one alarm. */
    public static Latency sqliteCommit(Path dir, int count) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("floor-" + System.nanoTime() + ".db");
        Latency commit = new Latency("SQLite commit (WAL, synchronous=FULL)");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement setup = connection.createStatement()) {
                setup.execute("PRAGMA journal_mode=WAL");
                setup.execute("PRAGMA synchronous=FULL");
                setup.execute("CREATE TABLE alarm (id TEXT PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)");
            }
            commitOneByOne(connection, "alarm", count, commit);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
        return commit;
    }

    private static String mosquittoBinary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    private static void awaitPort(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not open port " + port + " (is it installed? apt-get install mosquitto)");
    }
}
