package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.HubProcess;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three hub nodes on one PostgreSQL database, units spread over them, each knowing all three. Given a storm
 * of calls, when node A is killed with kill -9, then its units move to the other nodes by themselves, every
 * call waiting at the kill is RECEIVED within 15 s, every call is stored once, A's console goes on at node B
 * with its login and the whole board, no escalation step is written twice, and no unit is called offline.
 */
@Tag("chaos")
class HubNodeFailoverTest {
    private static final int NODES = 3;
    private static final int UNITS = ReliabilityLedger.pick(6, 15);
    private static final Duration BEFORE_KILL = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration AFTER_KILL = Duration.ofMillis(ReliabilityLedger.pick(2000, 5000));
    private static final Duration WAITING_RECEIVED = Duration.ofSeconds(15);
    private static final int OFFLINE_AFTER_S = 12;
    private static final int HEARTBEAT_S = 5;
    private static final Duration NODE_STALE = Duration.ofSeconds(10); // when the others take over a dead node's part
    private static final Duration WAIT = Duration.ofSeconds(60);
    // Short silence window and heartbeat, so that an offline storm after the kill would show within the test.
    private static final String SUPERVISION = """
            supervision:
              offlineAfterS: %d
              heartbeatS: %d
              sweepS: 1
            """.formatted(OFFLINE_AFTER_S, HEARTBEAT_S);

    private final List<Agent> agents = new ArrayList<>();
    private final List<HubProcess> nodes = new ArrayList<>();
    private TestLiveConsole consoleA;
    private TestLiveConsole consoleB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, consoleA, consoleB);
        Closing.all(nodes);
    }

    @Test
    void unitsMoveOffAKilledNodeAndNoCallIsLostStoredTwiceOrEscalatedTwice() throws Exception {
        StoreSettings shared = new StoreSettings(TestPostgres.shared().newHubDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        List<Path> dataDirs = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            dataDirs.add(Files.createTempDirectory("carecall-node-" + (char) ('a' + n) + "-"));
        }
        List<DeviceRegistry.Enrolled> units = TestHub.enrolInto(dataDirs.getFirst(), shared, "unit-%02d", UNITS,
                HEARTBEAT_S);
        for (Path dataDir : dataDirs) {
            nodes.add(HubProcess.start(dataDir, 0, shared, SUPERVISION));
        }
        for (int i = 0; i < UNITS; i++) {
            AgentConfig config = TestAgents.config(units.get(i), 0, Files.createTempDirectory("carecall-agent-"));
            config.hub.uris = List.of(uri(i), uri(i + 1), uri(i + 2)); // unit i starts on node i mod 3
            agents.add(Agent.start(config, Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.link().connected());
        }
        HubProcess nodeA = nodes.getFirst();
        HubProcess nodeB = nodes.get(1);
        assertThat(connectedTo(nodeA)).isEqualTo(UNITS / NODES);
        String token = TestConsole.login(nodeA.httpPort(), "admin", TestHub.ADMIN_PASSWORD).token();
        consoleA = new TestLiveConsole(nodeA.httpPort());
        consoleA.auth(token);

        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> residents = TestAgents.storm(agents, storming);
        Thread.sleep(BEFORE_KILL.toMillis());
        nodeA.kill();
        Instant killed = Instant.now();
        Set<String> waiting = waitingCalls();
        Set<String> shownOnA = consoleA.callsShown();

        consoleB = new TestLiveConsole(nodeB.httpPort());
        consoleB.auth(token);
        JsonNode ready = consoleB.next("ready", WAIT);
        assertThat(ready).as("node A's console, logged in again at node B with its token").isNotNull();
        Set<String> board = new HashSet<>();
        ready.path("alarms").forEach(alarm -> board.add(alarm.path("id").asText()));
        assertThat(board).as("the whole board at node B").containsAll(shownOnA);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> receivedAll(waiting));
        Duration waitingReceivedIn = Duration.between(killed, Instant.now());
        Thread.sleep(Math.max(0, AFTER_KILL.toMillis() - waitingReceivedIn.toMillis()));
        TestAgents.endStorm(storming, residents, agents, WAIT);
        Instant allIn = Instant.now();
        List<String> raisedAfterKill = TestAgents.callsRaisedAfter(agents, killed);
        await().atMost(WAIT).until(() -> consoleB.callsShown().containsAll(raisedAfterKill));
        Set<String> shown = new HashSet<>(shownOnA);
        shown.addAll(consoleB.callsShown());
        // A's part is taken over once its row is stale; a unit then unseen for a window would be called offline.
        Thread.sleep(Math.max(0, NODE_STALE.plusSeconds(OFFLINE_AFTER_S + 2).toMillis()
                - Duration.between(killed, Instant.now()).toMillis()));
        assertThat(connectedTo(nodeB) + connectedTo(nodes.get(2))).as("every unit on a living node").isEqualTo(UNITS);

        try (Database database = Database.open(dataDirs.get(1), shared)) {
            long stepsTwice = number(database, "SELECT count(*) FROM (SELECT alarm_id, step, audience,"
                    + " coalesce(staff_id, '') FROM notification GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) twice");
            long steps = number(database, "SELECT count(*) FROM notification");
            long offline = number(database, "SELECT count(*) FROM alarm WHERE kind = 'DEVICE_OFFLINE'");
            ReliabilityLedger.Scenario counted = CallCount.of("hub-node-killed", "one of three hub nodes on one"
                    + " PostgreSQL database killed (kill -9) while residents press; its units move to the others",
                    new SqlAlarmStore(database, new org.carecall.hub.events.HubEvents()), agents, shown, ("%d units over 3 nodes; the %d calls waiting at the"
                    + " kill RECEIVED %d ms after it, every call %d ms after it; A's console back on node B with"
                    + " its login and all %d calls it had; %d escalation steps written, %d twice; %d units called"
                    + " offline (%d s window, %d s watched)").formatted(UNITS, waiting.size(),
                    waitingReceivedIn.toMillis(), Duration.between(killed, allIn).toMillis(), shownOnA.size(), steps,
                    stepsTwice, offline, OFFLINE_AFTER_S, Duration.between(killed, Instant.now()).toSeconds()));
            ReliabilityLedger.record(counted);
            assertThat(counted.pressed()).isGreaterThanOrEqualTo(UNITS * 2);
            assertThat(counted.lost()).isZero();
            assertThat(counted.doubled()).isZero();
            assertThat(counted.received()).isEqualTo(counted.pressed());
            assertThat(waitingReceivedIn).as("calls waiting at the kill, RECEIVED").isLessThan(WAITING_RECEIVED);
            assertThat(steps).as("escalation steps written").isPositive();
            assertThat(stepsTwice).as("escalation steps written twice").isZero();
            assertThat(offline).as("units called offline").isZero();
            assertThat(raisedAfterKill).isNotEmpty();
        }
    }

    private String uri(int node) {
        return nodes.get(node % NODES).mqttUri();
    }

    /** The calls the units hold that are not yet RECEIVED. */
    private Set<String> waitingCalls() {
        Set<String> ids = new HashSet<>();
        for (Agent agent : agents) {
            agent.onLoop(() -> agent.outbox().all()).stream().filter(OutboxEntry::isAlarm)
                    .filter(call -> !call.received()).forEach(call -> ids.add(call.id()));
        }
        return ids;
    }

    private boolean receivedAll(Set<String> calls) {
        Set<String> waitingNow = waitingCalls();
        return calls.stream().noneMatch(waitingNow::contains);
    }

    private static long number(Database database, String sql) throws Exception {
        return database.read(connection -> {
            try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** How many units a node says are connected to it, from its health answer. */
    private static int connectedTo(HubProcess node) throws Exception {
        return TestConsole.anonymous(node.httpPort()).get("/healthz").body().path("devicesConnected").asInt();
    }
}
