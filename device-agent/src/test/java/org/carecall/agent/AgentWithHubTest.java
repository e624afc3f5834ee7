package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Feedback.Phase;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.DeviceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent on mock pins against the real hub over loopback: the resident's side of a call. */
class AgentWithHubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void givenTheHubIsUpWhenThePressIsMadeThenAmberThenGreenAndOneStoredAlarm() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();

        TestAgents.tap(agent, "call-button");

        await().atMost(WAIT).until(() -> phase() == Phase.RECEIVED);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.AMBER))).isEqualTo(Mode.ON);
        Alarm stored = onlyOpenAlarm(unit);
        assertThat(stored.kind()).isEqualTo(AlarmKind.CALL_BUTTON);

        staffAcknowledge(unit, stored, "Wang Li");

        await().atMost(WAIT).until(() -> phase() == Phase.HELP_COMING);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.GREEN))).isEqualTo(Mode.ON);
        assertThat(agent.onLoop(() -> agent.lamps().lit(Lamp.GREEN))).isTrue();
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.AMBER))).isEqualTo(Mode.OFF);
        assertThat(agent.onLoop(() -> agent.outbox().openCall().orElseThrow().by())).isEqualTo("Wang Li");
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).hasSize(1);
    }

    @Test
    void givenTheHubIsDownThePressIsKeptTheFaultShowsAndItArrivesWithItsOriginalTimeWhenTheHubIsBack() throws Exception {
        int port = TestAgents.freePort();
        Path hubData = Files.createTempDirectory("carecall-hub-");
        DeviceRegistry.Enrolled unit;
        try (TestHub enrolling = TestHub.start(hubData, Clock.systemUTC(), TestAgents::outsideChannel)) {
            unit = enrolling.enrol("bed-0001");
        }
        agent = Agent.start(TestAgents.config(unit, port), Clock.systemUTC());

        Instant pressed = Instant.now();
        TestAgents.tap(agent, "call-button");

        await().atMost(WAIT).until(() -> phase() == Phase.FAULT);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.RED))).isEqualTo(Mode.BLINK);
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isEqualTo(1);
        Instant raisedAt = agent.onLoop(() -> agent.outbox().openCall().orElseThrow().createdAt());
        assertThat(raisedAt).isBetween(pressed.minusSeconds(1), pressed.plusSeconds(1));

        hub = TestHub.start(hubData, Clock.systemUTC(), config -> {
            config.mqtt.port = port;
            TestAgents.outsideChannel(config);
        });

        await().atMost(WAIT).until(() -> phase() == Phase.RECEIVED);
        Alarm stored = onlyOpenAlarm(unit);
        assertThat(stored.raisedAt()).isEqualTo(raisedAt);
        assertThat(stored.receivedAt()).isAfter(raisedAt.plusSeconds(1));
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isZero();
    }

    @Test
    void fiftyPressesInTenSecondsMakeOneCallWithAPressCount() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();

        for (int i = 0; i < 50; i++) {
            TestAgents.tap(agent, "call-button");
            Thread.sleep(60);
        }

        await().atMost(WAIT).untilAsserted(() -> {
            List<Alarm> open = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId());
            assertThat(open).hasSize(1);
            assertThat(open.getFirst().pressCount()).isEqualTo(50);
        });
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all().size()) == 1);
        assertThat(phase()).isEqualTo(Phase.RECEIVED);
    }

    @Test
    void holdingCancelCancelsTheOpenCall() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> phase() == Phase.RECEIVED);
        String alarmId = onlyOpenAlarm(unit).id();

        agent.board().simulate("cancel-button", true);
        Thread.sleep(1300);
        agent.board().simulate("cancel-button", false);

        await().atMost(WAIT).until(() -> phase() == Phase.IDLE);
        assertThat(hub.hub().calls().alarms().find(alarmId).orElseThrow().state()).isEqualTo(AlarmState.CANCELLED);
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all().isEmpty()));
    }

    @Test
    void aShortTouchOfCancelDoesNotCancel() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> phase() == Phase.RECEIVED);

        TestAgents.tap(agent, "cancel-button");
        Thread.sleep(1500);

        assertThat(phase()).isEqualTo(Phase.RECEIVED);
        assertThat(onlyOpenAlarm(unit).state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
    }

    @Test
    void aConfigChangeFromTheHubTakesEffectWithoutARestart() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();
        await().atMost(WAIT).until(() -> agent.settings().version() == 1); // the hub's first config, after hello

        DeviceConfig changed = hub.hub().configure(unit.deviceId(), new DeviceConfig(0, 5,
                new DeviceConfig.Inactivity(true, 6, LocalTime.of(8, 0), LocalTime.of(20, 0)),
                new DeviceConfig.NightDoor(false, LocalTime.of(23, 0), LocalTime.of(6, 0)),
                new DeviceConfig.Feedback("en", 40))).join();

        await().atMost(WAIT).until(() -> agent.settings().version() == changed.version());
        assertThat(agent.settings()).isEqualTo(changed);
        Instant before = hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt();
        await().atMost(Duration.ofSeconds(8)).until(() ->
                hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt().isAfter(before));
        assertThat(agent.onLoop(() -> agent.outbox().setting("config").orElseThrow())).contains("\"heartbeatS\":5");
    }

    @Test
    void aRestartShowsTheStoredCallsStateAgain() throws Exception {
        hub = TestHub.start(TestAgents::outsideChannel);
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        AgentConfig config = TestAgents.config(unit, hub.hub().mqttPort());
        agent = Agent.start(config, Clock.systemUTC());
        awaitLinkUp();
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> phase() == Phase.RECEIVED);
        staffAcknowledge(unit, onlyOpenAlarm(unit), "Li Na");
        await().atMost(WAIT).until(() -> phase() == Phase.HELP_COMING);

        agent.close();
        agent = Agent.start(config, Clock.systemUTC());

        assertThat(phase()).isEqualTo(Phase.HELP_COMING); // from the outbox, before the hub says anything
        awaitLinkUp();
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).hasSize(1);
    }

    @Test
    void aCallNobodyHandlesTellsHerToUseThePhoneAgainAndAgainUntilSomeoneTakesIt() throws Exception {
        hub = TestHub.start(); // nobody on duty, no console open, no outside channel: every step reaches nobody
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        AgentConfig config = TestAgents.config(unit, hub.hub().mqttPort());
        config.timing.unreachedRepeatS = 10;
        agent = Agent.start(config, Clock.systemUTC());
        awaitLinkUp();

        TestAgents.tap(agent, "call-button");

        await().atMost(WAIT).until(() -> phase() == Phase.UNREACHED);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.RED))).as("a pattern of its own").isEqualTo(Mode.ON);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.AMBER))).isEqualTo(Mode.BLINK);
        await().atMost(Duration.ofSeconds(15)).until(() -> spoken(Voice.Clip.FAULT) >= 2); // said, then said again
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).singleElement()
                .satisfies(call -> assertThat(call.unhandled()).isTrue());

        staffAcknowledge(unit, onlyOpenAlarm(unit), "Li Na");

        await().atMost(WAIT).until(() -> phase() == Phase.HELP_COMING);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.GREEN))).isEqualTo(Mode.ON);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.RED))).isEqualTo(Mode.OFF);
        assertThat(agent.voice().spoken().getLast().clip()).isEqualTo(Voice.Clip.HELP_COMING);
    }

    @Test
    void aWeeklyTestCallSaysItIsATestAndNothingElse() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();

        hub.hub().units().commands().send(unit.deviceId(), CommandName.TEST_CALL, java.util.Map.of()).join();

        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().page(false, Set.of(AlarmKind.TEST), 10, 0).size() == 1
                && phase() == Phase.IDLE);
        assertThat(agent.voice().spoken()).extracting(Voice.Spoken::clip).as("never \"calling for help\"")
                .containsExactly(Voice.Clip.TEST);
    }

    @Test
    void theHubsCommandsAreCarriedOut() throws Exception {
        DeviceRegistry.Enrolled unit = startHubAndAgent();

        var selfTest = hub.hub().units().commands().send(unit.deviceId(), CommandName.SELFTEST, java.util.Map.of()).join();
        var testCall = hub.hub().units().commands().send(unit.deviceId(), CommandName.TEST_CALL, java.util.Map.of()).join();

        await().atMost(WAIT).untilAsserted(() -> {
            var result = hub.hub().units().commands().find(selfTest.id()).orElseThrow();
            assertThat(result.ok()).isTrue();
            assertThat(result.detailJson()).contains("\"link\":\"connected\"").contains("\"outbox\":\"ok\"")
                    .contains("\"call-button\":\"idle\"");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(hub.hub().units().commands().find(testCall.id()).orElseThrow().ok()).isTrue();
            // The test call went through the outbox and the link, was stored, and the hub closed it.
            assertThat(hub.hub().calls().alarms().page(false, Set.of(AlarmKind.TEST), 10, 0))
                    .singleElement().satisfies(alarm -> {
                        assertThat(alarm.deviceId()).isEqualTo(unit.deviceId());
                        assertThat(alarm.state()).isEqualTo(AlarmState.RESOLVED);
                    });
            assertThat(hub.hub().units().weeklyTests().byDevice().get(unit.deviceId()).status())
                    .isEqualTo(WeeklyTests.Status.PASSED);
        });
    }

    /** A hub with one device, and that device's agent connected to it. */
    private DeviceRegistry.Enrolled startHubAndAgent() throws Exception {
        hub = TestHub.start(TestAgents::outsideChannel);
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        agent = Agent.start(TestAgents.config(unit, hub.hub().mqttPort()), Clock.systemUTC());
        awaitLinkUp();
        return unit;
    }

    private void awaitLinkUp() {
        await().atMost(WAIT).until(() -> agent.link().connected());
    }

    private long spoken(Voice.Clip clip) {
        return agent.voice().spoken().stream().filter(said -> said.clip() == clip).count();
    }

    private Phase phase() {
        return agent.onLoop(() -> agent.feedback().callPhase());
    }

    private Alarm onlyOpenAlarm(DeviceRegistry.Enrolled unit) throws Exception {
        List<Alarm> open = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId());
        assertThat(open).hasSize(1);
        return open.getFirst();
    }

    /** A member of staff takes the call through the hub's own alarm life cycle, as the console does. */
    private void staffAcknowledge(DeviceRegistry.Enrolled unit, Alarm alarm, String name) {
        String username = name.toLowerCase().replace(" ", "");
        Staff staff = hub.hub().people().staff().byUsername(username).orElseGet(() ->
                hub.hub().people().staff().create(username, name, Role.DUTY, null, null, username + "-password").join());
        assertThat(hub.hub().calls().lifecycle().acknowledge(alarm.id(), staff, "test console"))
                .isInstanceOf(AlarmLifecycle.Result.Done.class);
    }
}
