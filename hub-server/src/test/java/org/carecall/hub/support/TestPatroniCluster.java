package org.carecall.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A district's database as docs/deployment.md prescribes it, run for real: three Debian PostgreSQL 15
 * servers, each under a Patroni process of its own, with one etcd member holding the leader key, and
 * synchronous replication as Patroni expresses it ({@code synchronous_mode}, {@code synchronous_mode_strict},
 * {@code synchronous_node_count: 1}). Nothing here promotes or repoints a server: Patroni does. The test
 * only makes the faults (kill -9, SIGSTOP) and restarts a killed Patroni as systemd would.
 *
 * <p>Guarantees: {@link #start} returns once one leader and two streaming replicas, one of them
 * synchronous, are on one timeline; {@link #close} kills every Patroni, PostgreSQL and etcd it started.
 */
public final class TestPatroniCluster implements AutoCloseable {
    public static final String SCOPE = "district";
    private static final String REPLICATOR_PASSWORD = "replicator-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build();

    /**
     * Patroni's own timing, in seconds: the leader key's lease, its loop, how long it retries etcd, and how
     * long a crashed primary may take to start again in place before a standby is promoted instead.
     */
    public record Timing(int ttl, int loopWait, int retryTimeout, int primaryStartTimeout) {
        @Override
        public String toString() {
            return "ttl %d s, loop_wait %d s, retry_timeout %d s, primary_start_timeout %d s".formatted(ttl, loopWait,
                    retryTimeout, primaryStartTimeout);
        }
    }

    /** One database server: its PostgreSQL and the Patroni that runs it. */
    public static final class Member {
        private final String name;
        private final Path dir;
        private final int postgresPort;
        private final int restPort;
        private Process patroni;
        private List<ProcessHandle> backendsAtKill = List.of();

        private Member(String name, Path dir, int postgresPort, int restPort) {
            this.name = name;
            this.dir = dir;
            this.postgresPort = postgresPort;
            this.restPort = restPort;
        }

        public String name() {
            return name;
        }

        public Path config() {
            return dir.resolve("patroni.yml");
        }

        /** Patroni's own log: its decisions and PostgreSQL's start-up lines. */
        public Path log() {
            return dir.resolve("patroni.log");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What Patroni says of one member, as {@code patronictl list} shows it. */
    public record MemberState(String name, String role, String state, int timeline) {
    }

    private final TestEtcd etcd;
    private final Timing timing;
    private final List<Member> members = new ArrayList<>();

    private TestPatroniCluster(TestEtcd etcd, Timing timing) {
        this.etcd = etcd;
        this.timing = timing;
    }

    public static TestPatroniCluster start(Timing timing, Duration wait) throws Exception {
        TestPatroniCluster cluster = new TestPatroniCluster(TestEtcd.start(), timing);
        try {
            for (int n = 0; n < 3; n++) {
                Member member = new Member("db" + n, TestPostgres.newDirectory(), TestPostgres.freePort(),
                        TestPostgres.freePort());
                Files.writeString(member.config(), cluster.settings(member));
                cluster.members.add(member);
                cluster.startPatroni(member);
            }
            cluster.awaitHealthy(wait);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The Patroni settings of one member. {@code bootstrap.dcs} is written to etcd by the first member and
     * is the whole cluster's: the timing, synchronous replication and pg_rewind for a member that comes
     * back after it was primary.
     */
    private String settings(Member member) {
        return """
                scope: %s
                name: %s
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                etcd:
                  hosts: %s
                bootstrap:
                  dcs:
                    ttl: %d
                    loop_wait: %d
                    retry_timeout: %d
                    primary_start_timeout: %d
                    synchronous_mode: true
                    synchronous_mode_strict: true
                    synchronous_node_count: 1
                    postgresql:
                      use_pg_rewind: true
                      parameters:
                        wal_keep_size: 256MB
                        max_connections: 300
                  initdb:
                    - encoding: UTF8
                    - locale: C
                    - auth: scram-sha-256
                  pg_hba:
                    - local all all trust
                    - host replication replicator 127.0.0.1/32 scram-sha-256
                    - host all all 127.0.0.1/32 scram-sha-256
                postgresql:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  data_dir: %s
                  bin_dir: %s
                  pgpass: %s
                  authentication:
                    superuser:
                      username: %s
                      password: %s
                    replication:
                      username: replicator
                      password: %s
                    rewind:
                      username: %s
                      password: %s
                  parameters:
                    unix_socket_directories: '%s'
                """.formatted(SCOPE, member.name, member.restPort, member.restPort, etcd.clientAddress(),
                timing.ttl(), timing.loopWait(), timing.retryTimeout(), timing.primaryStartTimeout(), member.postgresPort, member.postgresPort,
                member.dir.resolve("data"), installedBin(), member.dir.resolve("pgpass"), TestPostgres.USER,
                TestPostgres.PASSWORD, REPLICATOR_PASSWORD, TestPostgres.USER, TestPostgres.PASSWORD, member.dir);
    }

    private static Path installedBin() {
        try {
            return TestPostgres.installed();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts (or starts again) the member's Patroni, as the {@code postgres} user when the tests run as root;
     * setpriv replaces itself with Patroni, so the process is Patroni's own and kill -9 reaches it alone.
     */
    public void startPatroni(Member member) throws IOException {
        List<String> line = new ArrayList<>();
        if (TestPostgres.ROOT) {
            line.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--reset-env"));
        }
        line.addAll(List.of("patroni", member.config().toString()));
        member.patroni = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(member.log().toFile())).start();
    }

    /** The multi-host URL the hubs are given: every server, only the primary taken, rechecked every 2 s. */
    public String url(String database) {
        return "jdbc:postgresql://" + members.stream().map(member -> "127.0.0.1:" + member.postgresPort)
                .collect(Collectors.joining(",")) + "/" + database
                + "?targetServerType=primary&hostRecheckSeconds=2";
    }

    /** A new, empty database, made on the leader and so on every replica; its multi-host URL. */
    public String newDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), TestPostgres.USER,
                TestPostgres.PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public Timing timing() {
        return timing;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public Member member(String name) {
        return members.stream().filter(member -> member.name.equals(name)).findFirst().orElseThrow();
    }

    /** The member Patroni names as leader now, asked of every other member that answers. */
    public Member leader() throws IOException {
        return view(null).stream().filter(state -> state.role().equals("leader")).findFirst()
                .map(state -> member(state.name())).orElseThrow(() -> new IOException("no leader"));
    }

    /**
     * The cluster as Patroni's REST API ({@code GET /cluster}) tells it, asked of each member but
     * {@code besides} in turn (a stopped Patroni would not answer); empty when none answers.
     */
    public List<MemberState> view(Member besides) {
        for (Member member : members) {
            if (member == besides) {
                continue;
            }
            Optional<List<MemberState>> answer = cluster(member);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return List.of();
    }

    private static Optional<List<MemberState>> cluster(Member member) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + member.restPort + "/cluster")).timeout(Duration.ofMillis(700)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            List<MemberState> states = new ArrayList<>();
            for (JsonNode node : JSON.readTree(response.body()).path("members")) {
                states.add(new MemberState(node.path("name").asText(), node.path("role").asText(),
                        node.path("state").asText(), node.path("timeline").asInt()));
            }
            return Optional.of(states);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Waits until every member is back in the cluster: three members running, one leader, one synchronous
     * standby, all on the leader's timeline, and two replicas streaming from the leader.
     */
    public void awaitHealthy(Duration wait) throws Exception {
        long until = System.nanoTime() + wait.toNanos();
        String last = "nothing";
        while (System.nanoTime() < until) {
            List<MemberState> states = view(null);
            last = states.toString();
            Optional<MemberState> leader = states.stream().filter(state -> state.role().equals("leader")).findFirst();
            if (states.size() == 3 && leader.isPresent()
                    && states.stream().allMatch(state -> state.state().equals("running")
                            && state.timeline() == leader.get().timeline())
                    && states.stream().filter(state -> state.role().equals("sync_standby")).count() == 1
                    && streamingFrom(member(leader.get().name())) == 2) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Patroni cluster is not whole after " + wait.toSeconds() + " s: " + last
                + "\n" + patronictl("list").output());
    }

    private int streamingFrom(Member leader) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + leader.postgresPort
                + "/postgres?connectTimeout=2&socketTimeout=5", TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** An operator's command, as the runbook gives it: {@code patronictl -c <member's config> ARGS}. */
    public Command patronictl(String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("patronictl", "-c", members.getFirst().config().toString()));
        line.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(60), line.toArray(String[]::new));
    }

    /**
     * kill -9 of the member's postmaster alone: its backends should notice and end, Patroni finds it gone.
     * Which backends it had is kept, to tell afterwards those that outlived it.
     */
    public Instant killPostmaster(Member member) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(member.dir.resolve("data/postmaster.pid")).getFirst().trim());
        member.backendsAtKill = ProcessHandle.of(postmaster).orElseThrow().descendants().toList();
        Instant at = Instant.now();
        TestPostgres.check(Command.run("kill", "-KILL", String.valueOf(postmaster)), "kill -KILL postmaster");
        return at;
    }

    /**
     * The backends of a killed postmaster still running, as ps names them: while one lives, its shared
     * memory is in use and no PostgreSQL starts on that data directory.
     */
    public List<String> outlived(Member member) throws IOException, InterruptedException {
        List<String> alive = new ArrayList<>();
        for (ProcessHandle backend : member.backendsAtKill.stream().filter(ProcessHandle::isAlive).toList()) {
            // ps shows the title PostgreSQL gives each process: its user, database, client and what it waits on
            alive.add(Command.run("ps", "-o", "args=", "-p", String.valueOf(backend.pid())).output().strip());
        }
        return alive;
    }

    /** kill -9 of those, as PostgreSQL's hint says ("terminate any old server processes"). */
    public void endOutlived(Member member) throws InterruptedException {
        for (ProcessHandle backend : member.backendsAtKill) {
            backend.destroyForcibly();
        }
        for (ProcessHandle backend : member.backendsAtKill) {
            backend.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(timeout -> backend).join();
        }
    }

    /** kill -9 of the member's Patroni: its PostgreSQL goes on running, with nobody to manage it. */
    public Instant killPatroni(Member member) throws InterruptedException {
        Instant at = Instant.now();
        member.patroni.destroyForcibly();
        member.patroni.waitFor(10, TimeUnit.SECONDS);
        return at;
    }

    /**
     * The member's machine cut off, as everyone else sees it: its Patroni, its postmaster and every backend
     * stopped (SIGSTOP). Nothing it holds answers or closes, its leader key is no longer renewed, and it
     * does nothing on its own side either (a real machine cut off from etcd would demote itself; one that
     * hangs would not).
     */
    public Instant cutOff(Member member) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("kill", "-STOP"));
        line.addAll(pids(member));
        Instant at = Instant.now();
        TestPostgres.check(Command.run(line.toArray(String[]::new)), "kill -STOP");
        return at;
    }

    /** The machine back: everything {@link #cutOff} stopped goes on at once, in one signal each. */
    public void reconnect(Member member) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("kill", "-CONT"));
        line.addAll(pids(member));
        TestPostgres.check(Command.run(line.toArray(String[]::new)), "kill -CONT");
    }

    private static List<String> pids(Member member) throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(member.dir.resolve("data/postmaster.pid")).getFirst().trim());
        List<String> pids = new ArrayList<>(List.of(String.valueOf(member.patroni.pid()), String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(child -> pids.add(String.valueOf(child.pid())));
        return pids;
    }

    public boolean patroniRunning(Member member) {
        return member.patroni != null && member.patroni.isAlive();
    }

    /**
     * Kills every Patroni, then every PostgreSQL left running and any backend that outlived its postmaster,
     * then etcd; each part even when another fails.
     */
    @Override
    public void close() throws Exception {
        List<Object> parts = new ArrayList<>();
        for (Member member : members) {
            parts.add((AutoCloseable) () -> {
                if (member.patroni != null) {
                    Command.run("kill", "-CONT", String.valueOf(member.patroni.pid()));
                    member.patroni.destroyForcibly();
                    member.patroni.waitFor(10, TimeUnit.SECONDS);
                }
            });
        }
        for (Member member : members) {
            parts.add((AutoCloseable) () -> {
                Path pid = member.dir.resolve("data/postmaster.pid");
                if (Files.exists(pid)) {
                    long postmaster = Long.parseLong(Files.readAllLines(pid).getFirst().trim());
                    ProcessHandle.of(postmaster).ifPresent(server -> {
                        server.descendants().forEach(ProcessHandle::destroyForcibly);
                        server.destroyForcibly();
                    });
                }
                endOutlived(member);
            });
        }
        parts.add(etcd);
        Closing.all(parts.toArray());
    }
}
