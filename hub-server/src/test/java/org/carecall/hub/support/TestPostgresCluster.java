package org.carecall.hub.support;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three PostgreSQL servers as a district runs them: a primary and two hot standbys, {@code s1} and
 * {@code s2}, with {@code synchronous_standby_names = 'ANY 1 (s1, s2)'} so that every commit is on at
 * least one standby before it is acknowledged, and so that after a failover the new primary still has a
 * standby to confirm its commits. The test plays the failover manager: it kills the primary, promotes the
 * standby that received the most and points the other at it.
 */
public final class TestPostgresCluster implements AutoCloseable {
    private static final Duration STREAMING = Duration.ofSeconds(60);

    private final List<TestPostgres> servers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private TestPostgres primary;

    private TestPostgresCluster() {
    }

    public static TestPostgresCluster start() throws Exception {
        TestPostgresCluster cluster = new TestPostgresCluster();
        try {
            cluster.primary = TestPostgres.start("synchronous_standby_names = 'ANY 1 (s1, s2)'\n"
                    + "wal_keep_size = '256MB'");
            cluster.add(cluster.primary, "p0");
            cluster.add(cluster.primary.standby("s1"), "s1");
            cluster.add(cluster.primary.standby("s2"), "s2");
            cluster.awaitStreaming(cluster.primary, 2);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void add(TestPostgres server, String name) {
        servers.add(server);
        names.add(name);
    }

    /** A new, empty database, made on the primary and so on every standby. */
    public String newDatabase() throws SQLException {
        String single = primary.newDatabase();
        return url(single.substring(single.lastIndexOf('/') + 1));
    }

    /**
     * The multi-host URL the hubs are given: every server, and only the primary taken; the driver's
     * knowledge of which host is the primary is kept for 2 s, not its default 10 s.
     */
    public String url(String database) {
        return "jdbc:postgresql://" + servers.stream().map(server -> "127.0.0.1:" + server.port())
                .collect(Collectors.joining(",")) + "/" + database + "?targetServerType=primary&hostRecheckSeconds=2";
    }

    public TestPostgres primary() {
        return primary;
    }

    /** The primary killed with SIGKILL, every backend with it. */
    public Instant killPrimary() throws IOException, InterruptedException {
        primary.killHard();
        return Instant.now();
    }

    /**
     * The failover: the living standby that received the most WAL becomes the primary (it holds every
     * commit the old one acknowledged, as each was on one standby at least), and the other follows it.
     */
    public TestPostgres promoteMostAdvanced() throws SQLException, InterruptedException {
        TestPostgres old = primary;
        List<TestPostgres> standbys = servers.stream().filter(server -> server != old).toList();
        TestPostgres chosen = standbys.stream().max(Comparator.comparingLong(TestPostgresCluster::received))
                .orElseThrow();
        chosen.promote();
        primary = chosen;
        for (TestPostgres standby : standbys) {
            if (standby != chosen) {
                standby.follow(chosen, names.get(servers.indexOf(standby)));
            }
        }
        awaitStreaming(chosen, 1);
        return chosen;
    }

    private static long received(TestPostgres standby) {
        try {
            return standby.receivedWal();
        } catch (SQLException e) {
            return -1; // a standby that does not answer is not promoted
        }
    }

    private void awaitStreaming(TestPostgres server, int standbys) throws SQLException, InterruptedException {
        long until = System.nanoTime() + STREAMING.toNanos();
        while (server.streamingStandbys() < standbys) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(standbys + " standbys not streaming from port " + server.port()
                        + " after " + STREAMING.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        servers.forEach(TestPostgres::close);
    }
}
