package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.hub.support.TestPostgres;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database sweep for due escalation steps at the same moment, again and
 * again. Each step of a call fires exactly once across both (the claim is a conditional update in the
 * shared database), and the outside channel gets each step's key once.
 */
class EscalationAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice device;
    private TestLiveConsole wangsConsole;
    private HttpServer gateway;

    @AfterEach
    void stop() throws Exception {
        Closing.all(wangsConsole, device, nodeA, nodeB);
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    @Test
    void racingSweepsOnTwoNodesFireEveryStepOnceAndTellTheOutsideChannelOnce() throws Exception {
        String id = pressWithWangWatching(204, true);

        sweepBothEveryTenSeconds(Duration.ofSeconds(120));
        await().atMost(WAIT).until(() -> store().find(id).orElseThrow().handling().escalationStep() == 3);

        Map<Integer, Long> firedByStep = store().timeline(id).stream()
                .filter(row -> row.action().equals("ESCALATION"))
                .collect(Collectors.groupingBy(row -> step(row.note()), Collectors.counting()));
        assertThat(firedByStep).as("escalation rows by step").containsOnlyKeys(1, 2, 3)
                .allSatisfy((step, times) -> assertThat(times).as("step %d", step).isEqualTo(1));
        await().atMost(WAIT).until(() -> !keys.isEmpty());
        assertThat(keys).containsExactly(id + "/step-3");
        await().atMost(WAIT).until(() -> ringingRowsByStep(id).size() == 3); // written beside the alarm path
        assertThat(ringingRowsByStep(id))
                .allSatisfy((step, rows) -> assertThat(rows).as("who-was-rung rows of step %d", step).isEqualTo(1));
    }

    @Test
    void aCallThatReachedNobodyIsRetriedOnceARoundAcrossNodes() throws Exception {
        String id = pressWithWangWatching(500, false); // no console open, and the gateway never takes it

        sweepBothEveryTenSeconds(Duration.ofMinutes(4)); // the display deadline, then a round every minute

        List<AlarmStore.TimelineEntry> timeline = store().timeline(id);
        assertThat(timeline).filteredOn(row -> row.action().equals("UNREACHED")).hasSize(1);
        await().atMost(WAIT).until(() -> keys.size() >= 4);
        assertThat(keys).as("step 3, then one key per round").first().isEqualTo(id + "/step-3");
        assertThat(keys).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).startsWith(id + "/"));
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(AlarmState.RECEIVED);
    }

    /**
     * Node A with the community (Wang on duty for the resident's grid) and node B on the same database; a
     * press on A, whose first step has fired. The gateway answers every delivery with {@code gatewayStatus}.
     */
    private String pressWithWangWatching(int gatewayStatus, boolean consoleOpen) throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst(OutsideChannel.KEY_HEADER));
            exchange.sendResponseHeaders(gatewayStatus, -1);
            exchange.close();
        });
        gateway.start();
        StoreSettings shared = new StoreSettings(TestPostgres.shared().newHubDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        nodeA = node(shared);
        Site site = nodeA.hub().people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        Area grid = nodeA.hub().people().community().addArea(site.id(), "Grid 3");
        Resident zhang = nodeA.hub().people().community().saveResident(new Resident(null, grid.id(), "Zhang Min",
                "3 Hongqi Lane", "2-101", null, "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        Staff wang = nodeA.hub().people().staff().create("wang", "Wang Li", Role.DUTY, site.id(), null, "wang-password-1").join();
        nodeA.hub().people().roster().toggle(wang.id(), true, grid.id());
        DeviceRegistry.Enrolled unit = nodeA.hub().units().devices().create("bed-0001", "bedroom", zhang.id()).join();
        nodeB = node(shared); // after the community exists: it reads what node A stored
        if (consoleOpen) {
            wangsConsole = new TestLiveConsole(nodeA.hub().httpPort()).confirmingWhatRings();
            wangsConsole.auth(TestConsole.login(nodeA.hub().httpPort(), "wang", "wang-password-1").token());
            assertThat(wangsConsole.next("ready", WAIT)).isNotNull();
        }
        device = TestDevice.connect(nodeA.mqttUri(), unit.deviceId(), unit.secret());

        AlarmReport press = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button", clock.instant(),
                1, 1, false, null);
        device.send(press);
        Receipt received = device.next(Receipt.class, WAIT);
        assertThat(received.state()).isEqualTo(AlarmState.RECEIVED);
        await().atMost(WAIT).until(() -> store().find(press.id()).orElseThrow().handling().escalationStep() >= 1);
        if (consoleOpen) {
            // Wang's phone showed step 1 before the clock moves: else the sweeps rightly find it unseen.
            await().atMost(WAIT).until(() -> store().find(press.id()).orElseThrow().state() == AlarmState.NOTIFIED);
        }
        return press.id();
    }

    /** Both nodes sweep at the same moment, every ten seconds of the clock, for {@code span}. */
    private void sweepBothEveryTenSeconds(Duration span) {
        for (long second = 10; second <= span.toSeconds(); second += 10) {
            clock.advance(Duration.ofSeconds(10));
            CompletableFuture.allOf(nodeA.hub().calls().escalation().sweep(), nodeB.hub().calls().escalation().sweep()).join();
        }
    }

    private AlarmStore store() {
        return nodeA.hub().calls().alarms();
    }

    private TestHub node(StoreSettings shared) throws Exception {
        Function<HubConfig, HubConfig> settings = config -> {
            config.store.url = shared.url();
            config.store.user = shared.user();
            config.store.password = shared.password();
            config.escalation.sweepMs = 3_600_000; // the test sweeps by hand
            config.escalation.webhookUrl = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms";
            config.escalation.webhookSecret = "a-gateway-secret-of-at-least-32-bytes";
            config.escalation.webhookAttempts = 1;
            return config;
        };
        return TestHub.start(Files.createTempDirectory("carecall-node-"), clock, settings::apply);
    }

    private static int step(String note) {
        try {
            return JSON.readTree(note).path("step").asInt();
        } catch (Exception e) {
            throw new AssertionError("an escalation row's note is not JSON: " + note, e);
        }
    }

    /** The stored who-was-rung rows of a call, counted by step. */
    private Map<Integer, Integer> ringingRowsByStep(String alarmId) throws Exception {
        try (var connection = nodeA.connect();
             var query = connection.prepareStatement("SELECT step, COUNT(*) FROM notification"
                     + " WHERE alarm_id = ? GROUP BY step")) {
            query.setString(1, alarmId);
            Map<Integer, Integer> rows = new java.util.TreeMap<>();
            try (var result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getInt(1), result.getInt(2));
                }
            }
            return rows;
        }
    }
}
