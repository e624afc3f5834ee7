package org.carecall.agent.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.carecall.agent.config.AgentConfig;
import org.carecall.hub.support.ChildJvm;

/** An agent in its own JVM with simulated pins, driven through its keyboard, so a test can kill -9 it. */
public final class AgentProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("^CareCall agent ");

    private final ChildJvm jvm;

    private AgentProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    public static AgentProcess start(AgentConfig config) throws IOException {
        Path file = Path.of(config.dataDir).resolve("agent.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                device:
                  id: %s
                  secret: %s
                hub:
                  uri: %s
                dataDir: %s
                feedback:
                  player: ""
                timing:
                  retryInitialMs: 100
                  retryMaxMs: 1000
                """.formatted(config.device.id, config.device.secret, config.hub.uri, config.dataDir));
        return new AgentProcess(ChildJvm.start("org.carecall.agent.AgentMain",
                List.of("agent", "--config", file.toString(), "--simulate"), READY));
    }

    /** Types a line on the simulated unit's keyboard, such as {@code tap call-button}. */
    public void type(String line) throws IOException {
        jvm.type(line);
    }

    public void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
