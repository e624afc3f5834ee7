package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.LinkWatch;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.HubProcess;
import org.carecall.hub.support.PreviousRelease;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.RoamingConsole;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A district upgraded node by node while residents press and consoles stay open, exactly as
 * docs/deployment.md, "Upgrading node by node", tells an operator to do it. Given three hub nodes of the
 * previous release ({@link PreviousRelease}, built from git) on one PostgreSQL database that release
 * migrated, units that know all three nodes and press at a steady rate, and a console open on each node,
 * when each node in turn is stopped as {@code systemctl stop} stops it (SIGTERM) and this build is started on
 * its data and settings, the next one only once its {@code /healthz} says "ok" and every unit has a hub again,
 * then every call a unit heard RECEIVED for is stored, none twice, each console (joining another node while
 * its own is down, as the console page does) was shown every call, and every node says it knows this build's
 * schema version. Runs in the full chaos profile only ({@code ./carecall bench chaos}): it builds the
 * previous release first (once; the jar is kept under target/previous-release/).
 */
@Tag("chaos")
class NodeByNodeUpgradeTest {
    private static final int NODES = 3;
    private static final int UNITS = 9;
    /** Each resident's pause between two presses, on average (half to one and a half of it): a bounded load. */
    private static final Duration PRESS_GAP = Duration.ofMillis(1500);
    private static final Duration BEFORE_ROLL = Duration.ofSeconds(3);
    private static final Duration AFTER_ROLL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final List<Agent> agents = new ArrayList<>();
    private final List<LinkWatch> links = new ArrayList<>();
    private final List<HubProcess> nodes = new ArrayList<>();
    private final List<RoamingConsole> consoles = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents);
        Closing.all(consoles);
        Closing.all(nodes);
    }

    @Test
    void aDistrictUpgradedOneNodeAtATimeLosesNoCallStoresNoneTwiceAndLeavesNoConsoleSilent() throws Exception {
        assumeTrue(ReliabilityLedger.full(), "builds the previous release: full chaos profile only"
                + " (-Dcarecall.chaos=full, ./carecall bench chaos)");
        Path previous = PreviousRelease.hub();
        // An empty database: the previous release migrates it, as the district's store was before the upgrade.
        StoreSettings shared = new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        List<Path> settings = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            Path dataDir = Files.createTempDirectory("carecall-node-" + (char) ('a' + n) + "-");
            httpPorts.add(TestAgents.freePort());
            settings.add(HubProcess.settings(dataDir, TestAgents.freePort(), httpPorts.getLast(), shared, ""));
            nodes.add(HubProcess.startRelease(previous, settings.getLast()));
        }
        String token = TestConsole.login(nodes.getFirst().httpPort(), "admin", TestHub.ADMIN_PASSWORD).token();
        List<DeviceRegistry.Enrolled> units = enrolThroughTheApi(nodes.getFirst(), token);
        for (int i = 0; i < UNITS; i++) {
            AgentConfig config = TestAgents.config(units.get(i), 0, Files.createTempDirectory("carecall-agent-"));
            config.hub.uris = List.of(uri(i), uri(i + 1), uri(i + 2)); // unit i starts on node i mod 3
            LinkWatch watch = new LinkWatch();
            links.add(watch);
            agents.add(Agent.start(config, Clock.systemUTC(), watch.around(config)));
        }
        await().atMost(WAIT).until(() -> everyUnitHasAHub());
        List<String> schemaBefore = schemaVersions(nodes.getFirst());
        for (int n = 0; n < NODES; n++) {
            consoles.add(new RoamingConsole(httpPorts, n, token));
        }

        AtomicBoolean pressing = new AtomicBoolean(true);
        List<Thread> residents = agents.stream().map(agent -> Thread.ofVirtual().start(() -> press(agent, pressing)))
                .toList();
        Thread.sleep(BEFORE_ROLL.toMillis());
        Instant rollStarted = Instant.now();
        List<String> steps = new ArrayList<>();
        boolean everyStopClean = true;
        for (int n = 0; n < NODES; n++) {
            Instant stopping = Instant.now();
            everyStopClean &= nodes.get(n).stop();
            nodes.set(n, HubProcess.startWith(settings.get(n)));
            HubProcess upgraded = nodes.get(n);
            await().atMost(WAIT).until(() -> "ok".equals(health(upgraded).path("status").asText()));
            Duration healthy = Duration.between(stopping, Instant.now());
            await().atMost(WAIT).until(() -> everyUnitHasAHub());
            steps.add("node %c ok %d ms after its stop, every unit on a node %d ms after it".formatted('a' + n,
                    healthy.toMillis(), Duration.between(stopping, Instant.now()).toMillis()));
        }
        Instant rollEnded = Instant.now();
        Thread.sleep(AFTER_ROLL.toMillis());
        TestAgents.endStorm(pressing, residents, agents, WAIT);

        Set<String> calls = new HashSet<>();
        int pressedDuringRoll = 0;
        for (Agent agent : agents) {
            for (OutboxEntry call : agent.onLoop(() -> agent.outbox().all()).stream().filter(OutboxEntry::isAlarm)
                    .toList()) {
                calls.add(call.id());
                pressedDuringRoll += call.createdAt().isBefore(rollStarted) || call.createdAt().isAfter(rollEnded) ? 0 : 1;
            }
        }
        int silent = 0;
        int missed = 0;
        for (RoamingConsole console : consoles) {
            try {
                await().atMost(WAIT).until(() -> console.callsShown().containsAll(calls));
            } catch (ConditionTimeoutException e) {
                Set<String> notShown = new HashSet<>(calls);
                notShown.removeAll(console.callsShown());
                silent++;
                missed += notShown.size();
            }
        }
        Instant now = Instant.now();
        Duration longestWithoutHub = links.stream().map(link -> link.longestWithoutHub(now)).max(Duration::compareTo)
                .orElseThrow();
        int losses = links.stream().mapToInt(LinkWatch::losses).sum();
        int joins = consoles.stream().mapToInt(RoamingConsole::joins).sum();
        int caughtUp = consoles.stream().mapToInt(RoamingConsole::caughtUpOnJoining).sum();
        List<String> schemaAfter = schemaVersions(nodes.getFirst());

        String name = "hub-upgraded-node-by-node"
                + (PreviousRelease.ref().equals(PreviousRelease.DEFAULT) ? "" : "-from-" + PreviousRelease.ref());
        String procedure = ("three hub nodes on one PostgreSQL database, of release %s, each stopped (SIGTERM) and"
                + " started as this build in turn while %d units press, pausing %.1f s on average between presses,"
                + " and a console is open on each node").formatted(PreviousRelease.describe(), UNITS,
                PRESS_GAP.toMillis() / 1000.0);
        Set<String> shownToStaff = consoles.stream().flatMap(console -> console.callsShown().stream())
                .collect(Collectors.toSet());
        try (Database database = TestPostgres.node(shared.url())) {
            ReliabilityLedger.Scenario counted = CallCount.of(name, procedure,
                    new SqlAlarmStore(database, new HubEvents()), agents, shownToStaff, "");
            ReliabilityLedger.record(new ReliabilityLedger.Upgrade(name, procedure, pressedDuringRoll, counted.lost(),
                    counted.doubled(), longestWithoutHub.toMillis(), silent, consoles.size(), ("roll-over %d ms: %s;"
                    + " %d calls in all, %d RECEIVED, %d stored; units lost their hub %d times; consoles got a board %d"
                    + " times (%d calls shown first on a new node's board, though stored before the console lost its"
                    + " own; %d calls missed); nodes' schema versions %s before, %s after").formatted(
                    Duration.between(rollStarted, rollEnded).toMillis(), String.join("; ", steps), counted.pressed(),
                    counted.received(), counted.stored(), losses, joins, caughtUp, missed, schemaBefore, schemaAfter)));

            assertThat(everyStopClean).as("every node ended by itself on SIGTERM").isTrue();
            assertThat(pressedDuringRoll).as("calls pressed during the roll-over").isGreaterThanOrEqualTo(UNITS);
            assertThat(counted.received()).as("calls RECEIVED").isEqualTo(counted.pressed());
            assertThat(counted.lost()).as("lost").isZero();
            assertThat(counted.doubled()).as("doubled").isZero();
            assertThat(silent).as("consoles that missed a call (%d calls missed)", missed).isZero();
            assertThat(losses).as("units that had to move while their node was stopped").isPositive();
            assertThat(joins).as("consoles that joined another node while theirs was stopped")
                    .isGreaterThan(consoles.size());
        }
        assertThat(schemaAfter).as("the living nodes' schema versions after the roll-over").hasSize(NODES)
                .containsOnly(schemaAfter.getFirst());
        assertThat(known(schemaAfter.getFirst())).as("the schema version this build's nodes know")
                .isGreaterThanOrEqualTo(schemaBefore.stream().mapToInt(NodeByNodeUpgradeTest::known).max().orElseThrow());
    }

    /** A resident pressing now and then: smoke and tamper in turn, so each press is a call of its own. */
    private static void press(Agent agent, AtomicBoolean pressing) {
        for (int trip = 0; pressing.get(); trip++) {
            try {
                TestAgents.trip(agent, trip % 2 == 0 ? "smoke" : "tamper");
                Thread.sleep(PRESS_GAP.toMillis() / 2 + ThreadLocalRandom.current().nextLong(PRESS_GAP.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The units, registered through the district's API as an operator does (the old node's own code). */
    private static List<DeviceRegistry.Enrolled> enrolThroughTheApi(HubProcess node, String token) throws Exception {
        TestConsole admin = TestConsole.withToken(node.httpPort(), token);
        List<DeviceRegistry.Enrolled> units = new ArrayList<>();
        for (int i = 1; i <= UNITS; i++) {
            TestConsole.Answer created = admin.post("/api/devices",
                    "{\"deviceId\":\"unit-%02d\",\"label\":\"unit %d\"}".formatted(i, i));
            assertThat(created.status()).as("unit %d registered", i).isEqualTo(201);
            units.add(new DeviceRegistry.Enrolled(created.text("deviceId"), created.text("secret")));
        }
        return units;
    }

    private String uri(int node) {
        return nodes.get(node % NODES).mqttUri();
    }

    /** Every unit's link is up and the nodes, each by its own /healthz, hold all of them between them. */
    private boolean everyUnitHasAHub() throws Exception {
        if (!agents.stream().allMatch(agent -> agent.link().connected())) {
            return false;
        }
        int held = 0;
        for (HubProcess node : nodes) {
            held += health(node).path("devicesConnected").asInt();
        }
        return held == UNITS;
    }

    /** The schema version each living node says its code knows, as any node's /healthz lists them. */
    private static List<String> schemaVersions(HubProcess node) throws Exception {
        List<String> versions = new ArrayList<>();
        health(node).path("nodes").forEach(each -> {
            if (each.path("alive").asBoolean()) {
                versions.add(each.path("schemaVersion").asText("not said"));
            }
        });
        return versions;
    }

    /** A version as /healthz gives it: a node from before the guard knows 23; 0 when a release does not say. */
    private static int known(String schemaVersion) {
        return schemaVersion.equals("before 24") ? 23
                : schemaVersion.matches("\\d+") ? Integer.parseInt(schemaVersion) : 0;
    }

    private static JsonNode health(HubProcess node) throws Exception {
        return TestConsole.anonymous(node.httpPort()).get("/healthz").body();
    }
}
