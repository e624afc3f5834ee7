package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.agent.config.AgentConfig;
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
 * Two hub nodes on one PostgreSQL database, units that know both. Given units sending to node A in a storm
 * of calls, when node A is killed with kill -9, then the units move to node B by themselves, every call is
 * stored once and RECEIVED at its unit (what A stored and never answered, B recognises), and the calls
 * raised after the kill ring node B's console.
 */
@Tag("chaos")
class HubNodeFailoverTest {
    private static final int UNITS = ReliabilityLedger.pick(4, 10);
    private static final Duration BEFORE_KILL = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration AFTER_KILL = Duration.ofMillis(ReliabilityLedger.pick(2000, 5000));
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Agent> agents = new ArrayList<>();
    private HubProcess nodeA;
    private HubProcess nodeB;
    private TestLiveConsole consoleA;
    private TestLiveConsole consoleB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, consoleA, consoleB, nodeA, nodeB);
    }

    @Test
    void unitsMoveToTheOtherNodeWhenTheirsIsKilledAndNoCallIsLostOrStoredTwice() throws Exception {
        StoreSettings shared = new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        Path dataA = Files.createTempDirectory("carecall-node-a-");
        Path dataB = Files.createTempDirectory("carecall-node-b-");
        List<DeviceRegistry.Enrolled> units = TestHub.enrolInto(dataA, shared, "unit-%02d", UNITS);
        nodeA = HubProcess.start(dataA, 0, shared);
        nodeB = HubProcess.start(dataB, 0, shared);
        for (DeviceRegistry.Enrolled unit : units) {
            AgentConfig config = TestAgents.config(unit, 0, Files.createTempDirectory("carecall-agent-"));
            config.hub.uris = List.of(nodeA.mqttUri(), nodeB.mqttUri()); // A first: every unit starts there
            agents.add(Agent.start(config, Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.link().connected());
        }
        assertThat(connectedTo(nodeA)).isEqualTo(UNITS);
        consoleA = nodeA.adminConsole();
        consoleB = nodeB.adminConsole();

        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> residents = TestAgents.storm(agents, storming);
        Thread.sleep(BEFORE_KILL.toMillis());
        nodeA.kill();
        Instant killed = Instant.now();
        Set<String> shown = new HashSet<>(consoleA.callsShown());
        Thread.sleep(AFTER_KILL.toMillis());
        TestAgents.endStorm(storming, residents, agents, WAIT);
        Instant allIn = Instant.now();

        List<String> raisedAfterKill = TestAgents.callsRaisedAfter(agents, killed);
        await().atMost(WAIT).until(() -> consoleB.callsShown().containsAll(raisedAfterKill));
        shown.addAll(consoleB.callsShown());
        assertThat(connectedTo(nodeB)).as("every unit moved to node B").isEqualTo(UNITS);
        try (Database database = Database.open(dataB, shared)) {
            ReliabilityLedger.Scenario counted = CallCount.of("hub-node-killed", "one of two hub nodes on one"
                    + " PostgreSQL database killed (kill -9) while residents press; units move to the other",
                    new SqlAlarmStore(database), agents, shown, ("%d units; every call RECEIVED %d ms after the"
                            + " kill; the %d calls raised after it all shown on node B's console; notified counts"
                            + " what A's and B's consoles showed").formatted(UNITS, Duration.between(killed, allIn).toMillis(),
                            raisedAfterKill.size()));
            ReliabilityLedger.record(counted);
            assertThat(counted.pressed()).isGreaterThanOrEqualTo(UNITS * 2);
            assertThat(counted.lost()).isZero();
            assertThat(counted.doubled()).isZero();
            assertThat(counted.received()).isEqualTo(counted.pressed());
            assertThat(raisedAfterKill).isNotEmpty();
        }
    }

    /** How many units a node says are connected to it, from its health answer. */
    private static int connectedTo(HubProcess node) throws Exception {
        return TestConsole.anonymous(node.httpPort()).get("/healthz").body().path("devicesConnected").asInt();
    }
}
