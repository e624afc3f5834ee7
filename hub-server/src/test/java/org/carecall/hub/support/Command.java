package org.carecall.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside program (mosquitto_pub, openssl, testssl) to completion and keeps its exit code and output. */
public record Command(int exit, String output) {

    public static Command run(String... command) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(20), command);
    }

    /** The output goes to a file while the program runs, so a talkative one never blocks on a full pipe. */
    public static Command run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("carecall-command-", ".out");
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Command(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
