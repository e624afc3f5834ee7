package org.carecall.agent.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.config.AgentConfig;

/** An agent in its own JVM with simulated pins, driven through its keyboard, so a test can kill -9 it. */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final OutputStream keyboard;

    private AgentProcess(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
    }

    public static AgentProcess start(AgentConfig config) throws IOException, InterruptedException {
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
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                "org.carecall.agent.AgentMain", "agent", "--config", file.toString(), "--simulate"))
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("CareCall agent ")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // killed
            }
            ready.completeExceptionally(new IOException("the agent process ended before it was ready"));
        });
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the agent process did not start", e);
        }
        return new AgentProcess(process);
    }

    /** Types a line on the simulated unit's keyboard, such as {@code tap call-button}. */
    public void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
