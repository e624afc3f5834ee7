package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.SmallDisk;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hub's disk fills up while residents press. Given a hub whose data lives on a small real file system,
 * when that file system is full, then no call is acknowledged that was not stored, the units keep their
 * calls and keep trying, and every console shows a system alarm; when space returns, every call is stored
 * once and RECEIVED at its unit, and the alarm clears.
 */
@Tag("chaos")
class HubDiskFullTest {
    private static final int UNITS = 3;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SmallDisk disk;
    private TestHub hub;
    private TestLiveConsole console;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, console, hub, disk);
    }

    @Test
    void aFullDiskAcknowledgesNothingUnstoredRaisesASystemAlarmAndRecoversWhenSpaceReturns() throws Exception {
        assumeTrue(SmallDisk.mountable(), "needs root to mount a small file system");
        disk = SmallDisk.mount(8);
        hub = TestHub.start(disk.directory("hub"), Clock.systemUTC(), config -> { });
        List<DeviceRegistry.Enrolled> units = TestAgents.startUnits(hub, UNITS, agents, WAIT);
        console = new TestLiveConsole(hub.hub().httpPort());
        console.auth(hub.admin().token());
        assertThat(console.next("ready", WAIT).path("system").path("storeOk").asBoolean()).isTrue();

        long filled = disk.fill();
        for (Agent agent : agents) {
            TestAgents.tap(agent, "call-button");
        }

        JsonNode alarm = console.next("system.status", WAIT);
        assertThat(alarm).as("a system alarm on the console").isNotNull();
        assertThat(alarm.path("system").path("storeOk").asBoolean()).isFalse();
        assertThat(alarm.path("system").path("problem").asText()).containsIgnoringCase("full");
        TestConsole anyone = TestConsole.anonymous(hub.hub().httpPort());
        assertThat(anyone.get("/healthz").status()).isEqualTo(503);
        // The units go on trying while nothing can be stored, and hear nothing that is not true.
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> TestAgents.firstCall(agent).attempts() >= 3);
            assertThat(TestAgents.firstCall(agent).received()).as("RECEIVED for a call that was not stored").isFalse();
        }
        assertThat(stored()).as("stored while the disk was full").isEmpty();
        int attemptsWhileFull = agents.stream().mapToInt(agent -> TestAgents.firstCall(agent).attempts()).min().orElse(0);

        disk.free();

        JsonNode cleared = console.next("system.status", WAIT);
        assertThat(cleared).as("the system alarm clears").isNotNull();
        assertThat(cleared.path("system").path("storeOk").asBoolean()).isTrue();
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> TestAgents.firstCall(agent).received());
            assertThat(TestAgents.firstCall(agent).state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
        }
        await().atMost(WAIT).until(() -> console.callsShown().size() >= UNITS);
        List<Alarm> stored = stored();
        ReliabilityLedger.Scenario counted = CallCount.of("hub-disk-full", "the hub's disk full while residents"
                + " press, then space returned", hub.hub().calls().alarms(), agents, console.callsShown(),
                "%d units, %d KiB filled; each unit tried %d+ times while full; system alarm on the console"
                        .formatted(UNITS, filled / 1024, attemptsWhileFull));
        ReliabilityLedger.record(counted);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.notified()).isEqualTo(UNITS);
        assertThat(stored).hasSize(UNITS);
        assertThat(stored).extracting(Alarm::deviceId)
                .containsExactlyInAnyOrderElementsOf(units.stream().map(DeviceRegistry.Enrolled::deviceId).toList());
        assertThat(anyone.get("/healthz").status()).isEqualTo(200);
    }


    private List<Alarm> stored() throws Exception {
        return hub.hub().calls().alarms().page(false, Set.of(AlarmKind.CALL_BUTTON), 100, 0);
    }
}
