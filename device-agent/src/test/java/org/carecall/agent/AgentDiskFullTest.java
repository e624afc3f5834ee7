package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.SmallDisk;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The unit's SD card fills up (a log gone wild, a worn card). Given a unit whose data lives on a small real
 * file system, when the card is full to the last byte and the resident presses, then the call is still
 * stored (the outbox gives up its reserve), reaches the hub and is RECEIVED, and the unit's status says
 * the reserve is gone.
 */
@Tag("chaos")
class AgentDiskFullTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private SmallDisk disk;
    private TestHub hub;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agent, hub, disk);
    }

    @Test
    void aPressOnAFullCardIsStillStoredAndDelivered() throws Exception {
        assumeTrue(SmallDisk.mountable(), "needs root to mount a small file system");
        disk = SmallDisk.mount(4);
        hub = TestHub.start();
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        AgentConfig config = TestAgents.config(unit, hub.hub().mqttPort(), disk.directory("agent"));
        agent = Agent.start(config, Clock.systemUTC());
        await().atMost(WAIT).until(() -> agent.link().connected());
        assertThat(agent.onLoop(() -> agent.outbox().reserveKept())).isTrue();
        TestLiveConsole staff = new TestLiveConsole(hub.hub().httpPort());
        staff.auth(hub.admin().token());

        long filled = disk.fill();
        TestAgents.tap(agent, "call-button");
        TestAgents.trip(agent, "smoke");

        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).size() == 2);
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all().stream()
                .filter(OutboxEntry::isAlarm).allMatch(OutboxEntry::received)));
        await().atMost(WAIT).until(() -> staff.callsShown().size() == 2);
        assertThat(agent.onLoop(() -> agent.outbox().reserveKept())).as("the reserve was used").isFalse();
        ReliabilityLedger.Scenario counted = CallCount.of("unit-card-full", "the unit's SD card full to the last"
                + " byte while the resident presses", hub.hub().calls().alarms(), List.of(agent), staff.callsShown(),
                "%d KiB filled; the outbox gave up its 1 MiB reserve to store the calls".formatted(filled / 1024));
        staff.close();
        ReliabilityLedger.record(counted);
        assertThat(counted.pressed()).isEqualTo(2);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.received()).isEqualTo(2);
    }
}
