package org.carecall.hub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hub in its own JVM, started the way {@code ./carecall hub} starts it, so a test can kill -9 it. */
public final class HubProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("MQTT on port (\\d+), HTTP on port (\\d+)");

    private final Process process;
    private final int mqttPort;

    private HubProcess(Process process, int mqttPort) {
        this.process = process;
        this.mqttPort = mqttPort;
    }

    /** Starts a hub on the data directory with free loopback ports and waits until it is listening. */
    public static HubProcess start(Path dataDir) throws IOException, InterruptedException {
        Path config = dataDir.resolve("hub.yaml");
        Files.writeString(config, """
                dataDir: %s
                mqtt:
                  host: 127.0.0.1
                  port: 0
                http:
                  host: 127.0.0.1
                  port: 0
                """.formatted(dataDir));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "org.carecall.hub.HubMain",
                "--config", config.toString()))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        port.complete(Integer.parseInt(ready.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            port.completeExceptionally(new IOException("the hub process ended before it was ready"));
        });
        try {
            return new HubProcess(process, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the hub process did not start", e);
        }
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
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
