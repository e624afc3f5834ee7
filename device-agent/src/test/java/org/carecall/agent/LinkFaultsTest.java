package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.FaultProxy;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real agents on mock pins, talking to the real hub through a proxy that fails on purpose. Every call
 * pressed is counted: stored once, with the time it was pressed, in the order it was pressed.
 */
@Tag("chaos")
class LinkFaultsTest {
    private static final int UNITS = ReliabilityLedger.pick(3, 10);
    // Longer than the keep-alive in both profiles: both sides give up on the stalled connections meanwhile.
    private static final Duration BLACK_HOLE = Duration.ofSeconds(ReliabilityLedger.pick(12, 180));
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestHub hub;
    private FaultProxy proxy;
    private TestLiveConsole staff;
    private final List<Agent> agents = new ArrayList<>();
    private final List<DeviceRegistry.Enrolled> units = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, staff, proxy, hub);
    }

    @Test
    void aLinkBlackHoledWhileResidentsPressDeliversEveryCallAfterTheHealWithItsOwnTimeInOrder() throws Exception {
        start();
        proxy.blackhole();
        Instant blackholed = Instant.now();
        // Each unit: a call, then smoke, then tamper: three calls that must arrive in this order.
        for (String input : List.of("call-button", "smoke", "tamper")) {
            for (Agent agent : agents) {
                TestAgents.trip(agent, input);
            }
            Thread.sleep(300);
        }
        Thread.sleep(BLACK_HOLE.toMillis());
        assertThat(stored()).as("nothing got through the black hole").isEmpty();
        Instant healed = Instant.now();
        proxy.heal();

        await().atMost(WAIT).until(() -> stored().size() >= 3 * UNITS);
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().pending()) == 0);
        }
        await().atMost(WAIT).until(() -> staff.callsShown().size() >= 3 * UNITS);
        List<Alarm> stored = stored();
        ReliabilityLedger.Scenario counted = CallCount.of("link-black-hole", "the link between units and hub"
                + " black-holed while residents press", hub.hub().calls().alarms(), agents, staff.callsShown(),
                "%d units, black hole %d s, all in %d ms after the heal".formatted(UNITS,
                        Duration.between(blackholed, healed).toSeconds(), Duration.between(healed, Instant.now()).toMillis()));
        ReliabilityLedger.record(counted);
        assertThat(counted.pressed()).isEqualTo(3 * UNITS);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.received()).isEqualTo(3 * UNITS);
        assertThat(counted.notified()).isEqualTo(3 * UNITS);
        assertThat(stored).hasSize(3 * UNITS);
        for (DeviceRegistry.Enrolled unit : units) {
            List<Alarm> calls = stored.stream().filter(alarm -> alarm.deviceId().equals(unit.deviceId()))
                    .sorted(Comparator.comparing(Alarm::seq)).toList();
            assertThat(calls).extracting(Alarm::kind)
                    .containsExactly(AlarmKind.CALL_BUTTON, AlarmKind.SMOKE, AlarmKind.TAMPER);
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.raisedAt()).as("the time it was pressed, not when it arrived").isBefore(healed);
                assertThat(call.receivedAt()).isAfterOrEqualTo(healed.minusMillis(5));
                assertThat(hub.hub().calls().alarms().countById(call.id())).isEqualTo(1);
            });
            assertThat(calls).extracting(Alarm::raisedAt).isSorted();
        }
    }

    @Test
    void connectionsCutAndResetAgainAndAgainLoseNothingAndDoubleNothing() throws Exception {
        start();
        int rounds = ReliabilityLedger.pick(4, 20);
        for (int round = 0; round < rounds; round++) {
            for (Agent agent : agents) {
                TestAgents.trip(agent, round % 2 == 0 ? "smoke" : "tamper");
            }
            if (round % 2 == 0) {
                proxy.cut();
                Thread.sleep(500);
                proxy.heal();
            } else {
                proxy.reset();
            }
            Thread.sleep(300);
        }
        await().atMost(WAIT).until(() -> stored().size() >= rounds * UNITS);
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().pending()) == 0);
        }
        await().atMost(WAIT).until(() -> staff.callsShown().size() >= rounds * UNITS);
        ReliabilityLedger.Scenario counted = CallCount.of("link-cut-and-reset", "every connection closed (FIN) or"
                + " reset (RST) again and again while residents press", hub.hub().calls().alarms(), agents, staff.callsShown(),
                "%d units, %d cuts and resets".formatted(UNITS, rounds));
        ReliabilityLedger.record(counted);
        assertThat(counted.pressed()).isEqualTo(rounds * UNITS);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.received()).isEqualTo(rounds * UNITS);
        assertThat(stored()).hasSize(rounds * UNITS);
    }

    private List<Alarm> stored() throws Exception {
        return hub.hub().calls().alarms().page(false, Set.of(AlarmKind.CALL_BUTTON, AlarmKind.SMOKE, AlarmKind.TAMPER), 1000, 0);
    }

    private void start() throws Exception {
        hub = TestHub.start();
        proxy = new FaultProxy(hub.hub().mqttPort());
        for (int i = 0; i < UNITS; i++) {
            DeviceRegistry.Enrolled unit = hub.enrol("unit-" + i);
            AgentConfig config = TestAgents.config(unit, proxy.port());
            config.hub.keepAliveS = 5;
            units.add(unit);
            agents.add(Agent.start(config, Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.link().connected());
        }
        staff = new TestLiveConsole(hub.hub().httpPort());
        staff.auth(hub.admin().token());
    }
}
