package org.carecall.hub.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CareCall program in a JVM of its own, on the test's class path, so that a test can kill it with
 * kill -9 the way a power cut or the OOM killer would.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Matcher ready;

    private ChildJvm(Process process, Matcher ready) {
        this.process = process;
        this.ready = ready;
    }

    /** Starts {@code mainClass} and waits until a line of its output matches {@code readyLine}. */
    public static ChildJvm start(String mainClass, List<String> args, Pattern readyLine) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return start(mainClass, List.of("-cp", classpath, mainClass), args, readyLine);
    }

    /**
     * Starts a runnable jar as {@code ./carecall} runs one ({@code java -jar}), a release built elsewhere say,
     * and waits until a line of its output matches {@code readyLine}.
     */
    public static ChildJvm startJar(Path jar, List<String> args, Pattern readyLine) throws IOException {
        return start(jar.getFileName().toString(), List.of("-jar", jar.toString()), args, readyLine);
    }

    private static ChildJvm start(String mainClass, List<String> program, List<String> args, Pattern readyLine)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(program);
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Deque<String> lastLines = new ConcurrentLinkedDeque<>(); // why it ended
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!ready.isDone()) {
                        lastLines.add(line);
                        if (lastLines.size() > 20) {
                            lastLines.poll();
                        }
                    }
                    Matcher matcher = readyLine.matcher(line);
                    if (matcher.find()) {
                        ready.complete(matcher);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            ready.completeExceptionally(new IOException(mainClass + " ended before it was ready; it said:\n"
                    + String.join("\n", lastLines)));
        });
        try {
            return new ChildJvm(process, ready.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException(mainClass + " did not start", e);
        }
    }

    /** The ready line's match, for what the program printed about itself (a port, say). */
    public Matcher ready() {
        return ready;
    }

    /** Writes a line to the program's standard input. */
    public void type(String line) throws IOException {
        OutputStream keyboard = process.getOutputStream();
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /**
     * SIGTERM, as {@code systemctl stop} sends, then waits up to {@code wait} for the program to finish its
     * shutdown; returns whether it ended by itself (if not, it is killed).
     */
    public boolean stop(Duration wait) throws InterruptedException {
        process.destroy();
        if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
