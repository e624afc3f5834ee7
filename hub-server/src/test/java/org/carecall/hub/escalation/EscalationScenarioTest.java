package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation against the real hub: the device over MQTT, staff over HTTP and with their consoles open on
 * {@code /ws} (confirming what rings for them, as the browser does), time moved by hand. A community with
 * two grids: Wang on duty in grid 3 (the resident's), Li Na in grid 4, Chen the supervisor, Zhou a
 * technician.
 */
class EscalationScenarioTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final List<HubEvent> heard = new CopyOnWriteArrayList<>();
    private Path data;
    private TestHub hub;
    private TestDevice device;
    private Area grid3;
    private Staff wang;
    private Staff lina;
    private Staff chen;
    private Staff zhou;
    private DeviceRegistry.Enrolled unit;
    private final List<TestLiveConsole> consoles = new CopyOnWriteArrayList<>();

    private void start(Consumer<HubConfig> settings, boolean wangOnDuty) throws Exception {
        data = Files.createTempDirectory("carecall-escalation-");
        hub = TestHub.start(data, clock, config -> {
            config.escalation.sweepMs = 3_600_000; // the test sweeps by hand
            settings.accept(config);
        });
        Site site = hub.hub().people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        grid3 = hub.hub().people().community().addArea(site.id(), "Grid 3");
        Area grid4 = hub.hub().people().community().addArea(site.id(), "Grid 4");
        Resident zhang = hub.hub().people().community().saveResident(new Resident(null, grid3.id(), "Zhang Min", "3 Hongqi Lane",
                "2-101", null, "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        wang = hub.hub().people().staff().create("wang", "Wang Li", Role.DUTY, site.id(), null, "wang-password-1").join();
        lina = hub.hub().people().staff().create("lina", "Li Na", Role.DUTY, site.id(), null, "lina-password-1").join();
        chen = hub.hub().people().staff().create("chen", "Chen Jie", Role.SUPERVISOR, site.id(), null, "chen-password-1").join();
        zhou = hub.hub().people().staff().create("zhou", "Zhou Bo", Role.TECHNICIAN, site.id(), null, "zhou-password-1").join();
        hub.hub().people().roster().toggle(wang.id(), wangOnDuty, grid3.id());
        hub.hub().people().roster().toggle(lina.id(), true, grid4.id());
        hub.hub().people().roster().toggle(chen.id(), false, null);
        unit = hub.hub().units().devices().create("bed-0001", "bedroom", zhang.id()).join();
        device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret());
        hub.hub().calls().events().subscribe(heard::add);
        for (String username : List.of("wang", "lina", "chen", "zhou")) {
            openConsole(username);
        }
    }

    private TestLiveConsole openConsole(String username) throws Exception {
        String token = TestConsole.login(hub.hub().httpPort(), username, username + "-password-1").token();
        TestLiveConsole console = new TestLiveConsole(hub.hub().httpPort()).confirmingWhatRings();
        console.auth(token);
        assertThat(console.next("ready", WAIT)).isNotNull();
        consoles.add(console);
        return console;
    }

    @AfterEach
    void stop() throws Exception {
        consoles.forEach(TestLiveConsole::close);
        if (device != null) {
            device.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theGridIsRungAtOnceAndAfterThirtySecondsTheCommunityAndTheSupervisor() throws Exception {
        start(config -> { }, true);

        String id = press();

        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        assertThat(ringing(id)).containsExactly("wang");
        assertThat(hub.hub().calls().alarms().timeline(id)).filteredOn(row -> row.action().equals("NOTIFIED"))
                .singleElement().satisfies(row -> assertThat(row.actor()).isEqualTo("staff:wang"));
        TestConsole wangConsole = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");
        TestConsole linaConsole = TestConsole.login(hub.hub().httpPort(), "lina", "lina-password-1");
        assertThat(wangConsole.get("/api/alarms").body().path("items").get(0).path("ringingForMe").asBoolean()).isTrue();
        assertThat(linaConsole.get("/api/alarms").body().path("items").get(0).path("ringingForMe").asBoolean()).isFalse();

        clock.advance(Duration.ofSeconds(29));
        hub.hub().calls().escalation().sweep().join();
        assertThat(ringing(id)).containsExactly("wang");

        clock.advance(Duration.ofSeconds(2));
        hub.hub().calls().escalation().sweep().join();
        assertThat(ringing(id)).containsExactlyInAnyOrder("wang", "lina", "chen");
        await().atMost(WAIT).untilAsserted(() -> assertThat(escalationNotes(id)).hasSize(2));
    }

    @Test
    void aNewCallIsStoredWithItsFirstRingInOneWrite() throws Exception {
        start(config -> { }, true);
        long writesBefore = urgentWrites();
        AlarmReport call = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button", clock.instant(), 1, 1,
                false, null);
        device.send(call);
        nextReceipt(AlarmState.RECEIVED);

        // As the unit hears RECEIVED, the first step is already stored with the call: fired, rung, noted.
        Alarm stored = hub.hub().calls().alarms().find(call.id()).orElseThrow();
        assertThat(stored.handling().escalationStep()).isEqualTo(1);
        // Looked at again when the display deadline passes, or at the next step's time once Wang's console,
        // which may already have, confirmed it showed the call.
        assertThat(stored.handling().nextEscalationAt()).isEqualTo(stored.receivedAt().plusSeconds(
                stored.state() == AlarmState.RECEIVED ? hub.hub().config().escalation.displayTimeoutS : 30));
        assertThat(hub.hub().calls().alarms().timeline(call.id())).extracting(AlarmStore.TimelineEntry::action)
                .startsWith("RECEIVED", "ESCALATION");
        await().atMost(WAIT).until(() -> state(call.id()) == AlarmState.NOTIFIED);
        assertThat(ringing(call.id())).containsExactly("wang");
        // The call with its first step, then Wang's console showing it: two writes (it was five).
        assertThat(urgentWrites() - writesBefore).isEqualTo(2);
    }

    @Test
    void takingACallIsOneWriteWithItsOnSiteCheck() throws Exception {
        start(config -> { }, true);
        String id = press();
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        TestConsole wangConsole = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");
        hub.hub().calls().events().probe().join();
        long writesBefore = urgentWrites();

        assertThat(wangConsole.post("/api/alarms/" + id + "/acknowledge", null).status()).isEqualTo(200);
        hub.hub().calls().events().probe().join(); // escalation has heard of it

        Alarm taken = hub.hub().calls().alarms().find(id).orElseThrow();
        assertThat(taken.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(taken.handling().nextEscalationAt()).isEqualTo(taken.handling().acknowledgedAt()
                .plusSeconds(hub.hub().people().policies().forSite(grid3.siteId()).onSiteTimeoutS()));
        assertThat(urgentWrites() - writesBefore).isEqualTo(1);
        assertThat(ringing(id)).isEmpty();
    }

    @Test
    void aCallNobodyCanSeeIsStoredUnreachedAtOnce() throws Exception {
        start(config -> { }, false);
        consoles.forEach(TestLiveConsole::close); // nobody has a console open: no step can reach anybody
        await().atMost(WAIT).until(() -> hub.hub().live().count() == 0);
        AlarmReport call = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button", clock.instant(), 1, 1,
                false, null);
        device.send(call);
        nextReceipt(AlarmState.RECEIVED);

        Alarm stored = hub.hub().calls().alarms().find(call.id()).orElseThrow();
        assertThat(stored.handling().escalationStep()).isEqualTo(3);
        assertThat(hub.hub().calls().alarms().timeline(call.id())).extracting(AlarmStore.TimelineEntry::action)
                .containsExactly("RECEIVED", "ESCALATION", "ESCALATION", "ESCALATION", "UNREACHED");
        assertThat(escalationNotes(call.id())).allSatisfy(note -> assertThat(note).contains("\"reachedNobody\":\"no"));
        await().atMost(WAIT).until(() -> hub.hub().calls().escalation().ringing().unreached(call.id()));
        assertThat(heard).filteredOn(HubEvent.AlarmEscalated.class::isInstance).map(HubEvent.AlarmEscalated.class::cast)
                .singleElement().satisfies(escalated -> assertThat(escalated.unreached()).isTrue());
    }

    @Test
    void takingTheCallStopsEveryRingAndTheUnitHearsWho() throws Exception {
        start(config -> { }, true);
        String id = press();
        clock.advance(Duration.ofSeconds(31));
        hub.hub().calls().escalation().sweep().join();
        assertThat(ringing(id)).contains("wang", "lina", "chen");

        TestConsole.Answer taken = TestConsole.login(hub.hub().httpPort(), "lina", "lina-password-1")
                .post("/api/alarms/" + id + "/acknowledge", null);

        assertThat(taken.status()).isEqualTo(200);
        Receipt receipt = nextReceipt(AlarmState.ACKNOWLEDGED);
        assertThat(receipt.by()).isEqualTo("Li Na");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isEmpty());
        clock.advance(Duration.ofSeconds(120));
        hub.hub().calls().escalation().sweep().join();
        assertThat(ringing(id)).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(escalationNotes(id)).hasSize(2));
    }

    @Test
    void aGridWithNobodyOnDutyFallsThroughAtOnceAndRaisesARosterGap() throws Exception {
        start(config -> { }, false);

        String id = press();

        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).containsExactlyInAnyOrder("lina", "chen"));
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard).filteredOn(HubEvent.RosterGap.class::isInstance)
                .singleElement().satisfies(gap -> assertThat(((HubEvent.RosterGap) gap).where()).isEqualTo("grid Grid 3")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(escalationNotes(id).getFirst())
                .contains("\"reachedNobody\":\"nobody-on-duty\""));
        assertThat(hub.hub().calls().alarms().timeline(id)).filteredOn(row -> row.action().equals("NOTIFIED"))
                .singleElement().satisfies(row -> assertThat(row.actor()).isIn("staff:lina", "staff:chen"));
    }

    @Test
    void aHubRestartInTheMiddleOfAnEscalationResumesItOnTime() throws Exception {
        start(config -> { }, true);
        String id = press();
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        clock.advance(Duration.ofSeconds(10));
        device.close();
        device = null;
        hub.close();

        consoles.forEach(TestLiveConsole::close);
        consoles.clear();

        clock.advance(Duration.ofSeconds(25)); // step 2 fell due while the hub was down
        hub = TestHub.start(data, clock, config -> config.escalation.sweepMs = 3_600_000);

        // Step 2 fires on start; with no console open it reaches nobody, so step 3 follows at once.
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).contains("lina", "chen"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(escalationNotes(id)).hasSize(3));
        assertThat(escalationNotes(id).get(1)).contains("\"reachedNobody\":\"no-console\"");
        assertThat(hub.hub().calls().escalation().ringing().ringsEveryone(id)).isTrue();
    }

    @Test
    void afterARestartTheConsolesRingForWhatTheStoreSaysWasRung() throws Exception {
        start(config -> { }, true);
        String id = press();
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        restart();

        // Nothing fell due: Wang rings because the store says step 1 rang him, not because a step fired.
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).containsExactly("wang"));
        assertThat(escalationNotes(id)).hasSize(1);
        assertThat(TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").get("/api/alarms").body()
                .path("items").get(0).path("ringingForMe").asBoolean()).isTrue();

        // Taken, then nobody on site: the ring again is stored too, and outlives the next restart.
        TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").post("/api/alarms/" + id + "/acknowledge", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isEmpty());
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        hub.hub().calls().escalation().sweep().join();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isNotEmpty());
        List<String> rungAgain = ringing(id);
        await().atMost(WAIT).until(() -> notificationRows(id) > 1);
        restart();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isEqualTo(rungAgain));

        // On site: nobody rings for it, before or after a restart.
        TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").post("/api/alarms/" + id + "/arrive", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isEmpty());
        restart();
        hub.hub().calls().events().probe().get(5, java.util.concurrent.TimeUnit.SECONDS); // after the start read who rings
        assertThat(ringing(id)).isEmpty();
        assertThat(hub.hub().calls().escalation().ringing().ringsEveryone(id)).isFalse();
    }

    /** The hub stopped and started on the same data, its consoles and the unit gone with it. */
    private void restart() throws Exception {
        if (device != null) {
            device.close();
            device = null;
        }
        hub.close();
        consoles.forEach(TestLiveConsole::close);
        consoles.clear();
        hub = TestHub.start(data, clock, config -> config.escalation.sweepMs = 3_600_000);
    }

    private long notificationRows(String alarmId) throws Exception {
        try (var connection = hub.connect();
             var query = connection.prepareStatement("SELECT COUNT(*) FROM notification WHERE alarm_id = ?")) {
            query.setString(1, alarmId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void aStepFiresOnceEvenWhenTwoSweepsRace() throws Exception {
        start(config -> { }, true);
        String id = press();
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);
        clock.advance(Duration.ofSeconds(31));

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> sweeps = List.of(
                Thread.ofPlatform().start(() -> awaitThen(go, () -> hub.hub().calls().escalation().sweep().join())),
                Thread.ofPlatform().start(() -> awaitThen(go, () -> hub.hub().calls().escalation().sweep().join())));
        go.countDown();
        for (Thread sweep : sweeps) {
            sweep.join();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(escalationNotes(id)).hasSize(2));
        assertThat(hub.hub().calls().alarms().find(id).orElseThrow().handling().escalationStep()).isEqualTo(2);
    }

    @Test
    void aTakenCallWithNobodyOnSiteAfterFifteenMinutesRingsAgain() throws Exception {
        start(config -> { }, true);
        String id = press();
        TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").post("/api/alarms/" + id + "/acknowledge", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).isEmpty());

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        hub.hub().calls().escalation().sweep().join();

        assertThat(ringing(id)).isNotEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().calls().alarms().timeline(id))
                .filteredOn(row -> row.action().equals("NOBODY_ON_SITE")).singleElement()
                .satisfies(row -> assertThat(row.note()).isEqualTo("Wang Li")));
    }

    @Test
    void aTechnicalAlarmGoesToTechniciansNotToCareStaff() throws Exception {
        start(config -> { }, true);

        device.send(new AlarmReport(MessageIds.next(), AlarmKind.TAMPER, "tamper", clock.instant(), 1, 1, false, null));

        await().atMost(WAIT).untilAsserted(() -> assertThat(openAlarms()).singleElement().satisfies(alarm ->
                assertThat(hub.hub().calls().escalation().ringing().staffFor(alarm.id())).containsExactly(zhou.id())));
    }

    @Test
    void afterNinetySecondsEveryConsoleRingsAndTheOutsideChannelGetsASignedMessage() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst(OutsideChannel.SIGNATURE_HEADER));
            keys.add(exchange.getRequestHeaders().getFirst(OutsideChannel.KEY_HEADER));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        gateway.start();
        try {
            start(config -> {
                config.escalation.webhookUrl = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms";
                config.escalation.webhookSecret = "gateway-secret-of-at-least-32-bytes";
            }, true);
            String id = press();
            clock.advance(Duration.ofSeconds(91));
            hub.hub().calls().escalation().sweep().join(); // step 2
            hub.hub().calls().escalation().sweep().join(); // step 3

            assertThat(hub.hub().calls().escalation().ringing().ringsEveryone(id)).isTrue();
            await().atMost(WAIT).until(() -> !delivered.isEmpty());
            assertThat(delivered.getFirst()).contains("\"alarmId\":\"" + id + "\"").contains("\"area\":\"Grid 3\"");
            String expected = "sha256=" + new OutsideChannel(null, "gateway-secret-of-at-least-32-bytes", 1, Duration.ZERO).sign(delivered.getFirst());
            assertThat(signatures.getFirst()).isEqualTo(expected);
            // The gateway can tell a retried delivery of this step from a new one: the call and the step.
            int step = hub.hub().calls().alarms().find(id).orElseThrow().handling().escalationStep();
            assertThat(keys.getFirst()).isEqualTo(id + "/step-" + step);
            assertThat(delivered.getFirst()).contains("\"key\":\"" + id + "/step-" + step + "\"");
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void aCallSeenAtTheFirstStepAndThenLeftBecomesUnhandledAfterTheLastAndTheUnitIsToldSo() throws Exception {
        start(config -> { }, true);
        String id = press();
        nextReceipt(AlarmState.NOTIFIED); // Wang's console showed it
        consoles.forEach(TestLiveConsole::close); // and every browser closed
        consoles.clear();
        await().atMost(WAIT).until(() -> hub.hub().live().count() == 0);

        clock.advance(Duration.ofSeconds(91));
        hub.hub().calls().escalation().sweep().join(); // step 2, reaching nobody, then step 3 and the first round

        Alarm call = hub.hub().calls().alarms().find(id).orElseThrow();
        assertThat(call.state()).as("seen once, it stays NOTIFIED").isEqualTo(AlarmState.NOTIFIED);
        assertThat(call.unhandled()).isTrue();
        // counted by the announcer on the events thread, just after the store's commit
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().calls().escalation().ringing().unreachedCount())
                .as("carecall_calls_unreached").isEqualTo(1));
        Receipt told = nextReceipt(AlarmState.NOTIFIED);
        assertThat(told.unreached()).as("the unit tells the resident to phone for help").isTrue();

        // The supervisor opens her console a minute later: the call is a system alarm there and rings.
        clock.advance(Duration.ofSeconds(60));
        TestLiveConsole chenConsole = new TestLiveConsole(hub.hub().httpPort());
        consoles.add(chenConsole);
        chenConsole.auth(TestConsole.login(hub.hub().httpPort(), "chen", "chen-password-1").token());
        JsonNode shown = chenConsole.next("ready", WAIT).path("alarms").get(0);
        assertThat(shown.path("id").asText()).isEqualTo(id);
        assertThat(shown.path("unreached").asBoolean()).as("a system alarm on the console that connects").isTrue();
        assertThat(shown.path("ringingEveryone").asBoolean()).as("and it rings there").isTrue();
        // Its outside rounds go on: the next one is claimed when due.
        hub.hub().calls().escalation().sweep().join();
        assertThat(hub.hub().calls().alarms().find(id).orElseThrow().handling().nextEscalationAt()).isAfter(clock.instant());

        hub.hub().calls().lifecycle().acknowledge(id, chen, "test");
        assertThat(nextReceipt(AlarmState.ACKNOWLEDGED).unreached()).isFalse();
        assertThat(hub.hub().calls().alarms().find(id).orElseThrow().unhandled()).isFalse();
        await().atMost(WAIT).until(() -> hub.hub().calls().escalation().ringing().unreachedCount() == 0);
    }

    @Test
    void aSightingCountsOnlyFromAConsoleThatWasRingingForTheCall() throws Exception {
        start(config -> { }, true);
        TestLiveConsole otherGrid = openConsole("lina");   // grid 4: sees the call, is not rung for it
        TestLiveConsole technician = openConsole("zhou");  // may not see care calls at all
        String id = press();
        await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED);

        otherGrid.shown(id);
        technician.shown(id);
        otherGrid.shown("no-such-call");

        for (TestLiveConsole refused : List.of(otherGrid, technician)) {
            assertThat(refused.next(message -> message.path("error").asText().equals("sighting-refused"), WAIT))
                    .as("a refusal").isNotNull();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().recent(null, 20))
                .filteredOn(entry -> entry.event().equals("console-sighting-refused")).hasSize(3)
                .anySatisfy(entry -> assertThat(entry.reason()).contains("lina").contains("never sent"))
                .anySatisfy(entry -> assertThat(entry.reason()).contains("zhou").contains("never sent"))
                .anySatisfy(entry -> assertThat(entry.reason()).contains("no-such-call").contains("never sent")));
        assertThat(hub.hub().calls().alarms().timeline(id)).filteredOn(row -> row.action().equals("NOTIFIED")
                || row.action().equals("SHOWN")).extracting(AlarmStore.TimelineEntry::actor).containsExactly("staff:wang");

        TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").post("/api/alarms/" + id + "/acknowledge", null);
        await().atMost(WAIT).until(() -> state(id) == AlarmState.ACKNOWLEDGED);
        consoles.getFirst().shown(id); // Wang's console again, on a call now taken
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().recent(null, 20))
                .filteredOn(entry -> entry.event().equals("console-sighting-refused")).hasSize(4)
                .anySatisfy(entry -> assertThat(entry.reason()).contains("acknowledged")));
    }

    @Test
    void aStepWhoseOpenConsolesNeverShowTheCallMovesOnAfterTheDisplayTimeout() throws Exception {
        start(config -> { }, true);
        consoles.getFirst().close(); // Wang's console that confirms; his next one rings but never shows the call
        consoles.removeFirst();
        String token = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1").token();
        try (TestLiveConsole frozen = new TestLiveConsole(hub.hub().httpPort())) {
            frozen.auth(token);
            assertThat(frozen.next("ready", WAIT)).isNotNull();
            String id = press();
            assertThat(frozen.next(message -> message.path("alarm").path("ringingForMe").asBoolean(), WAIT))
                    .as("Wang's console rings").isNotNull();

            clock.advance(Duration.ofSeconds(14));
            hub.hub().calls().escalation().sweep().join();
            assertThat(hub.hub().calls().alarms().find(id).orElseThrow().handling().escalationStep()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(2)); // 16 s: past the display timeout, long before step 2's 30 s
            hub.hub().calls().escalation().sweep().join();

            await().atMost(WAIT).untilAsserted(() -> assertThat(ringing(id)).contains("lina", "chen"));
            await().atMost(WAIT).until(() -> state(id) == AlarmState.NOTIFIED); // Li Na's or Chen's console saw it
            assertThat(escalationNotes(id)).anySatisfy(note -> assertThat(note).contains("\"reachedNobody\":\"not-seen\""));
        }
    }

    @Test
    void withNoConsoleOpenTheOutsideChannelsAnswerIsWhatReachesSomebody() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/sms", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(delivered.size() == 1 ? 500 : 204, -1); // fails once, then takes it
            exchange.close();
        });
        gateway.start();
        try {
            start(config -> {
                config.escalation.webhookUrl = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms";
                config.escalation.webhookSecret = "gateway-secret-of-at-least-32-bytes";
                config.escalation.webhookAttempts = 3;
            }, true);
            consoles.forEach(TestLiveConsole::close);
            consoles.clear();
            await().atMost(WAIT).until(() -> hub.hub().live().count() == 0);

            String id = press();

            // Wang is on duty but has no console: every step reaches nobody until the gateway answers 204.
            await().atMost(Duration.ofSeconds(15)).until(() -> state(id) == AlarmState.NOTIFIED);
            assertThat(delivered).hasSizeGreaterThanOrEqualTo(2);
            assertThat(nextReceipt(AlarmState.NOTIFIED)).isNotNull();
            assertThat(hub.hub().calls().alarms().timeline(id)).filteredOn(row -> row.action().equals("NOTIFIED"))
                    .singleElement().satisfies(row -> assertThat(row.actor()).isEqualTo("outside"));
            assertThat(hub.hub().calls().alarms().find(id).orElseThrow().handling().notifiedAt()).isNotNull();
        } finally {
            gateway.stop(0);
        }
    }

    private String press() throws Exception {
        AlarmReport press = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button", clock.instant(), 1, 1,
                false, null);
        device.send(press);
        nextReceipt(AlarmState.RECEIVED);
        // The first step fires as the hub hears of the call; wait for it before moving the clock.
        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().find(press.id()).orElseThrow().handling().escalationStep() >= 1);
        return press.id();
    }

    private Receipt nextReceipt(AlarmState state) throws InterruptedException {
        Receipt receipt;
        do {
            receipt = device.next(Receipt.class, WAIT);
        } while (receipt != null && receipt.state() != state);
        assertThat(receipt).as("a receipt " + state).isNotNull();
        return receipt;
    }

    /** The store writer's urgent writes so far, from the hub's metrics, without the news for other nodes. */
    private long urgentWrites() {
        var matcher = java.util.regex.Pattern.compile("(?m)^carecall_store_writes\\{lane=\"urgent\"} (\\S+)")
                .matcher(hub.hub().metrics().scrape());
        assertThat(matcher.find()).isTrue();
        long news = hub.hub().cluster() == null ? 0 : hub.hub().cluster().journal().writesHanded();
        return (long) Double.parseDouble(matcher.group(1)) - news;
    }

    private List<String> ringing(String alarmId) {
        return hub.hub().calls().escalation().ringing().staffFor(alarmId).stream()
                .map(id -> hub.hub().people().staff().find(id).orElseThrow().username()).sorted().toList();
    }

    private AlarmState state(String alarmId) throws Exception {
        return hub.hub().calls().alarms().find(alarmId).orElseThrow().state();
    }

    private List<Alarm> openAlarms() throws Exception {
        return hub.hub().calls().alarms().openAlarmsOf(unit.deviceId());
    }

    private List<String> escalationNotes(String alarmId) throws Exception {
        return hub.hub().calls().alarms().timeline(alarmId).stream().filter(row -> row.action().equals("ESCALATION"))
                .map(AlarmStore.TimelineEntry::note).toList();
    }

    private static void awaitThen(CountDownLatch go, Runnable work) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        work.run();
    }
}
