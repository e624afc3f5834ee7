package org.carecall.agent.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.agent.Agent;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.config.AgentConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.config.HubConfig;
import org.carecall.protocol.message.DeviceConfig;

/** Agent settings for tests: mock pins, a fresh data directory, short timings, the given hub. */
public final class TestAgents {

    private TestAgents() {
    }

    public static AgentConfig config(DeviceRegistry.Enrolled unit, int hubPort) throws IOException {
        return config(unit, hubPort, Files.createTempDirectory("carecall-agent-"));
    }

    public static AgentConfig config(DeviceRegistry.Enrolled unit, int hubPort, Path dataDir) {
        AgentConfig config = new AgentConfig();
        config.device.id = unit.deviceId();
        config.device.secret = unit.secret();
        config.hub.uri = "tcp://127.0.0.1:" + hubPort;
        config.dataDir = dataDir.toString();
        config.gpio.provider = "mock";
        config.feedback.player = "";
        config.timing.faultAfterS = 2;
        config.timing.retryInitialMs = 100;
        config.timing.retryMaxMs = 1000;
        config.timing.minPressGapMs = 50;
        config.timing.cancelHoldMs = 1000;
        config.timing.inactivityWarningS = 60;
        return config;
    }

    /**
     * Gives a bare test hub an outside channel for its last escalation step, so a call there reaches
     * someone and the unit is not told that nobody is handling it (that story has tests of its own). Nothing
     * listens at the address: the hub's deliveries fail and are retried, which these tests do not look at.
     */
    public static void outsideChannel(HubConfig config) {
        config.escalation.webhookUrl = "http://127.0.0.1:9/outside";
        config.escalation.webhookSecret = "a-test-secret-of-at-least-32-bytes";
    }

    /** A loopback port with nothing listening on it (yet). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts an agent for the unit on the hub with the given clock, waits for its link, and has the hub
     * send it the given behaviour settings, waiting until the agent runs with them.
     */
    public static Agent startConfigured(TestHub hub, DeviceRegistry.Enrolled unit, Clock clock, DeviceConfig settings)
            throws Exception {
        Agent agent = Agent.start(config(unit, hub.hub().mqttPort()), clock);
        Duration wait = Duration.ofSeconds(10);
        await().atMost(wait).until(() -> agent.link().connected());
        int version = hub.hub().configure(unit.deviceId(), settings).join().version();
        await().atMost(wait).until(() -> agent.settings().version() == version);
        return agent;
    }

    /**
     * Enrols {@code count} units ({@code unit-0}, {@code unit-1}, ...) on the hub and starts an agent for
     * each into {@code agents}, waiting until every one is connected; returns the units.
     */
    public static List<DeviceRegistry.Enrolled> startUnits(TestHub hub, int count, List<Agent> agents, Duration wait)
            throws Exception {
        List<DeviceRegistry.Enrolled> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DeviceRegistry.Enrolled unit = hub.enrol("unit-" + i);
            units.add(unit);
            agents.add(Agent.start(config(unit, hub.hub().mqttPort()), Clock.systemUTC()));
        }
        for (Agent agent : agents) {
            await().atMost(wait).until(() -> agent.link().connected());
        }
        return units;
    }

    /**
     * Residents pressing until {@code storming} is cleared: each unit trips smoke and tamper in turn, so
     * that each trip is a call of its own and none merges into another. Join the threads to wait for them.
     */
    public static List<Thread> storm(List<Agent> agents, AtomicBoolean storming) {
        return agents.stream().map(agent -> Thread.ofVirtual().start(() -> {
            for (int trip = 0; storming.get(); trip++) {
                try {
                    trip(agent, trip % 2 == 0 ? "smoke" : "tamper");
                } catch (InterruptedException e) {
                    return;
                }
            }
        })).toList();
    }

    /**
     * Ends a storm: the residents stop pressing, then every unit's outbox empties (each call RECEIVED)
     * within {@code wait}.
     */
    public static void endStorm(AtomicBoolean storming, List<Thread> residents, List<Agent> agents, Duration wait)
            throws InterruptedException {
        storming.set(false);
        for (Thread resident : residents) {
            resident.join();
        }
        for (Agent agent : agents) {
            await().atMost(wait).until(() -> agent.onLoop(() -> agent.outbox().pending()) == 0);
        }
    }

    /** The ids of the calls the units raised after the given moment. */
    public static List<String> callsRaisedAfter(List<Agent> agents, Instant after) {
        List<String> ids = new ArrayList<>();
        for (Agent agent : agents) {
            agent.onLoop(() -> agent.outbox().all()).stream().filter(OutboxEntry::isAlarm)
                    .filter(call -> call.createdAt().isAfter(after)).forEach(call -> ids.add(call.id()));
        }
        return ids;
    }

    /** The first call in a unit's outbox, as the unit sees it now. */
    public static OutboxEntry firstCall(Agent agent) {
        return agent.onLoop(() -> agent.outbox().all().stream().filter(OutboxEntry::isAlarm).findFirst().orElseThrow());
    }

    /** An agent on the real clock, returned once its link to the hub is up. */
    public static Agent startConnected(AgentConfig config) throws Exception {
        Agent started = Agent.start(config, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(10)).until(() -> started.link().connected());
        return started;
    }

    /** The clips the unit has said so far, in order. */
    public static List<Voice.Clip> clips(Agent agent) {
        return agent.voice().spoken().stream().map(Voice.Spoken::clip).toList();
    }

    /** A finger on a mock contact: active long enough to pass the debounce, then released. */
    public static void tap(Agent agent, String input) throws InterruptedException {
        agent.board().simulate(input, true);
        Thread.sleep(60);
        agent.board().simulate(input, false);
    }

    /**
     * A sensor that trips and clears: active for longer than that input's own debounce (smoke and
     * tamper are debounced for longer than a button), then quiet again.
     */
    public static void trip(Agent agent, String input) throws InterruptedException {
        agent.board().simulate(input, true);
        Thread.sleep(agent.config().fittedInputs().get(input).debounceMs + 60L);
        agent.board().simulate(input, false);
    }
}
