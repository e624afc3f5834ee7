package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.AgentProcess;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.inbox.KeyPresses;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrderState;
import org.carecall.hub.workorders.WorkOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Her service key with the real agent on mock pins and a whole hub making real work orders (no stand-in):
 * Zhang Min's unit is placed with her, so the hub's config turns the key on; a press opens one order
 * (source KEY) and the unit says "received" only once the order is stored; a second press while it is
 * REPORTED counts on it; a worker taking it makes the unit say his name, finishing it that it is done; with
 * the hub down the unit says it keeps trying and the order appears once after the restart, even when the
 * agent was killed between storing the press and sending it.
 */
class AgentWorkOrdersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agent, hub);
    }

    @Test
    void aPressOpensOneKeyOrderReceivedIsSaidOnlyOnceItIsStoredAndASecondPressCountsOnIt() throws Exception {
        hub = TestHub.start();
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        agent = TestAgents.startConnected(TestAgents.config(xincheng.unit(), hub.hub().mqttPort()));
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled());
        // The real service key, behind a gate: the hub takes its time before it stores the order.
        CompletableFuture<Void> gate = new CompletableFuture<>();
        KeyPresses.Key real = hub.hub().care().serviceKey();
        hub.hub().units().inbox().serveKeys(new KeyPresses(KeyPresses.NOT_SERVED,
                (deviceId, press, origin) -> gate.thenCompose(open -> real.pressed(deviceId, press, origin))));

        TestAgents.tap(agent, "service-key");
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all()).size() == 1);
        Thread.sleep(500); // sent, not yet stored
        assertThat(ordersOf(xincheng)).isEmpty();
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_RECEIVED);

        gate.complete(null);

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RECEIVED));
        WorkOrder order = ordersOf(xincheng).getFirst().order();
        assertThat(ordersOf(xincheng)).hasSize(1);
        assertThat(order.source()).isEqualTo(WorkOrder.KEY);
        assertThat(order.state()).isEqualTo(WorkOrderState.REPORTED);
        assertThat(order.deviceId()).isEqualTo(xincheng.unit().deviceId());
        assertThat(order.pressCount()).isEqualTo(1);

        TestAgents.tap(agent, "service-key"); // she asks again while nobody has taken it yet

        await().atMost(WAIT).until(() -> clips().stream().filter(Voice.Clip.SERVICE_RECEIVED::equals).count() == 2);
        assertThat(ordersOf(xincheng)).singleElement().satisfies(listed -> {
            assertThat(listed.order().id()).isEqualTo(order.id());
            assertThat(listed.order().pressCount()).isEqualTo(2);
        });
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isZero();

        // Wang takes it from his console: her unit says who will come; he finishes it: her unit says it is done.
        xincheng.onDuty("wang", "Wang Li");
        TestConsole wang = xincheng.console("wang");
        String path = "/api/work-orders/" + order.id();
        assertThat(wang.post(path + "/assign", "{}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_ASSIGNED));
        assertThat(agent.voice().spoken()).filteredOn(said -> said.clip() == Voice.Clip.SERVICE_ASSIGNED).singleElement()
                .extracting(Voice.Spoken::name).isEqualTo("Wang Li");
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_DONE);
        assertThat(wang.post(path + "/start", "{}").status()).isEqualTo(200);
        assertThat(wang.post(path + "/done", "{\"outcome\":\"RESOLVED\"}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_DONE));
        assertThat(clips()).endsWith(Voice.Clip.SERVICE_ASSIGNED, Voice.Clip.SERVICE_DONE);
    }

    @Test
    void withTheHubDownTheUnitSaysItKeepsTryingAndTheOrderAppearsOnceAfterTheRestart() throws Exception {
        int port = TestAgents.freePort();
        Path hubData = Files.createTempDirectory("carecall-hub-");
        TestCommunity xincheng = TestCommunity.create(restartHub(hubData, port));
        AgentConfig config = TestAgents.config(xincheng.unit(), port);
        config.timing.keyRetryingAfterS = 1;
        agent = TestAgents.startConnected(config);
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled());
        hub.close();
        hub = null;
        await().atMost(WAIT).until(() -> !agent.link().connected());

        TestAgents.tap(agent, "service-key");

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RETRYING));
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_RECEIVED);
        Thread.sleep(1500); // more attempts, each refused: still said once
        assertThat(clips()).containsOnlyOnce(Voice.Clip.SERVICE_RETRYING);

        restartHub(hubData, port);

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RECEIVED));
        assertThat(ordersOf(xincheng)).singleElement().satisfies(listed -> {
            assertThat(listed.order().source()).isEqualTo(WorkOrder.KEY);
            assertThat(listed.order().pressCount()).isEqualTo(1);
        });
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isZero();
    }

    @Test
    void anAgentKilledBetweenStoringThePressAndSendingItStillGivesExactlyOneOrder() throws Exception {
        int port = TestAgents.freePort();
        Path hubData = Files.createTempDirectory("carecall-hub-");
        TestCommunity xincheng = TestCommunity.create(restartHub(hubData, port));
        AgentConfig config = TestAgents.config(xincheng.unit(), port);
        Path outbox = Path.of(config.dataDir).resolve("outbox.db");
        AgentProcess first = AgentProcess.start(config);
        try {
            // Her unit has had the hub's config with the key on, and keeps it across the restart.
            await().atMost(WAIT).until(() -> storedConfig(outbox).contains("\"serviceKey\":{\"enabled\":true"));
            hub.close();
            hub = null;
            first.type("tap service-key");
            await().atMost(WAIT).until(() -> count(outbox, "SELECT COUNT(*) FROM outbox WHERE channel = 'EVENT'") == 1);
        } finally {
            first.kill();
        }

        restartHub(hubData, port);
        try (AgentProcess second = AgentProcess.start(config)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> count(outbox,
                    "SELECT COUNT(*) FROM outbox WHERE channel = 'EVENT' AND received_at IS NULL") == 0);
            Thread.sleep(500); // a resend, were there one, would have landed by now
            assertThat(ordersOf(xincheng)).singleElement().satisfies(listed -> {
                assertThat(listed.order().source()).isEqualTo(WorkOrder.KEY);
                assertThat(listed.order().pressCount()).isEqualTo(1);
            });
        }
    }

    /** The hub on its data and port, as it restarts after being stopped. */
    private org.carecall.hub.Hub restartHub(Path hubData, int port) throws Exception {
        hub = TestHub.start(hubData, Clock.systemUTC(), settings -> settings.mqtt.port = port);
        return hub.hub();
    }

    private List<WorkOrders.Listed> ordersOf(TestCommunity community) throws Exception {
        return hub.hub().care().workOrders().list(new WorkOrders.Filter(List.of(community.grid().id()), null,
                community.zhang().id(), null, false));
    }

    private List<Voice.Clip> clips() {
        return TestAgents.clips(agent);
    }

    private static String storedConfig(Path outbox) throws Exception {
        if (!Files.exists(outbox)) {
            return "";
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + outbox);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM setting WHERE key = 'config'")) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    private static int count(Path outbox, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + outbox);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
