package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.FaultProxy;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database; node A's link to the database is cut while its units still
 * reach it. Given units on A in a storm of calls, when the link is cut, then A acknowledges nothing it could
 * not commit, lets its units go and refuses them, the units take their calls to node B by themselves, and
 * every call is stored once and RECEIVED; once the link is back A takes units again.
 */
@Tag("chaos")
class HubNodeCutOffTest {
    private static final int UNITS = ReliabilityLedger.pick(4, 10);
    private static final Duration BEFORE_CUT = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration AFTER_MOVE = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("//127\\.0\\.0\\.1:(\\d+)/");

    private final List<Agent> agents = new ArrayList<>();
    private FaultProxy linkOfA;
    private TestHub nodeA;
    private TestHub nodeB;
    private TestLiveConsole consoleB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, consoleB, nodeA, nodeB, linkOfA);
    }

    @Test
    void unitsLeaveANodeCutOffFromTheDatabaseAndNothingIsLost() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        Matcher port = PORT.matcher(shared.url());
        assertThat(port.find()).as(shared.url()).isTrue();
        linkOfA = new FaultProxy(Integer.parseInt(port.group(1)));
        nodeA = TestHub.node(new StoreSettings(port.replaceFirst("//127.0.0.1:" + linkOfA.port() + "/"),
                shared.user(), shared.password()), config -> { });
        nodeB = TestHub.node(shared, config -> { });
        await().atMost(WAIT).until(() -> nodeA.hub().cluster().nodes().othersAlive());
        for (int i = 0; i < UNITS; i++) {
            DeviceRegistry.Enrolled unit = nodeA.enrol("unit-" + i);
            AgentConfig config = TestAgents.config(unit, 0, Files.createTempDirectory("carecall-agent-"));
            config.hub.uris = List.of(nodeA.mqttUri(), nodeB.mqttUri()); // A first: every unit starts there
            agents.add(Agent.start(config, Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.link().connected());
        }
        assertThat(connectedTo(nodeA)).isEqualTo(UNITS);
        consoleB = new TestLiveConsole(nodeB.hub().httpPort());
        consoleB.auth(nodeB.admin().token());

        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> residents = TestAgents.storm(agents, storming);
        Thread.sleep(BEFORE_CUT.toMillis());
        linkOfA.cut();
        Instant cut = Instant.now();
        await().atMost(WAIT).until(() -> connectedTo(nodeB) == UNITS);
        Instant moved = Instant.now();
        assertThat(connectedTo(nodeA)).as("units left on the cut-off node").isZero();
        Thread.sleep(AFTER_MOVE.toMillis());
        TestAgents.endStorm(storming, residents, agents, WAIT);
        Instant allIn = Instant.now();
        List<String> raisedAfterMove = TestAgents.callsRaisedAfter(agents, moved);
        await().atMost(WAIT).until(() -> consoleB.callsShown().containsAll(raisedAfterMove));
        // A call A committed just as its link was cut has no news from A: B's consoles get it when the
        // step's display deadline passes unseen and escalation, on B, rings it there.
        List<String> every = TestAgents.callsRaisedAfter(agents, Instant.EPOCH);
        await().atMost(WAIT).until(() -> consoleB.callsShown().containsAll(every));
        Instant allShown = Instant.now();

        ReliabilityLedger.Scenario counted = CallCount.of("hub-node-cut-off", "one of two hub nodes cut off from"
                + " the PostgreSQL database (the units still reach it) while residents press", nodeB.hub().calls().alarms(),
                agents, consoleB.callsShown(), ("%d units; all on node B %d ms after the cut; every call RECEIVED"
                + " %d ms after it and shown on B's console %d ms after it; node A took units again after the link"
                + " healed").formatted(UNITS, Duration.between(cut, moved).toMillis(),
                Duration.between(cut, allIn).toMillis(), Duration.between(cut, allShown).toMillis()));
        linkOfA.heal();
        await().atMost(WAIT).until(() -> nodeA.hub().units().sessions().accepting());
        ReliabilityLedger.record(counted);
        assertThat(counted.pressed()).isGreaterThanOrEqualTo(UNITS * 2);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.received()).isEqualTo(counted.pressed());
        assertThat(counted.notified()).isEqualTo(counted.pressed());
        assertThat(raisedAfterMove).isNotEmpty();
    }

    /** How many units a node says are connected to it, from its health answer. */
    private static int connectedTo(TestHub node) throws Exception {
        return TestConsole.anonymous(node.hub().httpPort()).get("/healthz").body().path("devicesConnected").asInt();
    }
}
