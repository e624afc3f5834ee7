package org.carecall.agent.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.carecall.agent.config.AgentConfig;
import org.carecall.hub.device.DeviceRegistry;

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

    /** A loopback port with nothing listening on it (yet). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A finger on a mock contact: active long enough to pass the debounce, then released. */
    public static void tap(org.carecall.agent.Agent agent, String input) throws InterruptedException {
        agent.board().simulate(input, true);
        Thread.sleep(60);
        agent.board().simulate(input, false);
    }
}
