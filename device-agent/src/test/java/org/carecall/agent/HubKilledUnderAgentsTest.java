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
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.HubProcess;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real agents in a storm of calls while the hub process is killed with kill -9 and started again on the
 * same port. Every call any unit raised is stored once, RECEIVED at its unit and shown to staff; none is
 * lost with the hub, none is stored twice when the units resend what the dead hub never answered.
 */
@Tag("chaos")
class HubKilledUnderAgentsTest {
    private static final int UNITS = ReliabilityLedger.pick(4, 10);
    private static final Duration BEFORE_KILL = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration DOWN = Duration.ofMillis(ReliabilityLedger.pick(1500, 5000));
    private static final Duration AFTER_RESTART = Duration.ofMillis(ReliabilityLedger.pick(1000, 5000));
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Agent> agents = new ArrayList<>();
    private HubProcess hub;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, hub);
    }

    @Test
    void aHubKilledMidStormLosesNoCallAndStoresNoneTwice() throws Exception {
        Path dataDir = Files.createTempDirectory("carecall-hub-kill-");
        List<DeviceRegistry.Enrolled> units = TestHub.enrolInto(dataDir, "unit-%02d", UNITS);
        int port = TestAgents.freePort();
        hub = HubProcess.start(dataDir, port);
        for (DeviceRegistry.Enrolled unit : units) {
            agents.add(Agent.start(TestAgents.config(unit, port), Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.link().connected());
        }
        Set<String> shown = new HashSet<>();
        TestLiveConsole staff = hub.adminConsole();

        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> residents = TestAgents.storm(agents, storming);
        Thread.sleep(BEFORE_KILL.toMillis());
        hub.kill();
        Instant killed = Instant.now();
        shown.addAll(staff.callsShown());
        staff.close();
        Thread.sleep(DOWN.toMillis());
        hub = HubProcess.start(dataDir, port);
        Instant restarted = Instant.now();
        staff = hub.adminConsole();
        Thread.sleep(AFTER_RESTART.toMillis());
        storming.set(false);
        for (Thread resident : residents) {
            resident.join();
        }

        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().pending()) == 0);
        }
        int calls = agents.stream().mapToInt(agent -> agent.onLoop(() -> (int) agent.outbox().all().stream()
                .filter(entry -> entry.isAlarm()).count())).sum();
        TestLiveConsole watching = staff;
        await().atMost(WAIT).until(() -> union(shown, watching.callsShown()).size() >= calls);
        shown.addAll(staff.callsShown());
        staff.close();
        Instant allIn = Instant.now();
        hub.close();
        hub = null;

        try (Database database = Database.open(dataDir, TestHub.storeFor(dataDir))) {
            ReliabilityLedger.Scenario counted = CallCount.of("hub-killed-mid-storm", "the hub process killed"
                    + " (kill -9) while residents press, started again on the same port", new SqlAlarmStore(database, new org.carecall.hub.events.HubEvents()),
                    agents, shown, ("%d units; hub down %d ms (kill to the new hub listening); residents pressed on"
                            + " for %d ms after it; every call RECEIVED %d ms after the restart").formatted(UNITS,
                            Duration.between(killed, restarted).toMillis(), AFTER_RESTART.toMillis(),
                            Duration.between(restarted, allIn).toMillis()));
            ReliabilityLedger.record(counted);
            assertThat(counted.pressed()).isGreaterThanOrEqualTo(UNITS * 4);
            assertThat(counted.lost()).isZero();
            assertThat(counted.doubled()).isZero();
            assertThat(counted.received()).isEqualTo(counted.pressed());
            assertThat(counted.notified()).isEqualTo(counted.pressed());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.addAll(b);
        return both;
    }
}
