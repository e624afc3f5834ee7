package org.carecall.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the inputs one fuzz target ran, and the ones that failed it (findings), and writes the tally to
 * {@code target/fuzz/<target>-<mode>.txt} when the target ends, so the reliability report can say how long
 * and how hard each target was fuzzed and what it found.
 */
public final class FuzzLedger {
    private final String target;
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong findings = new AtomicLong();
    private final long startedNanos = System.nanoTime();

    public FuzzLedger(String target) {
        this.target = target;
    }

    /** One input through the target; a failure is counted as a finding and passed on to the fuzzer. */
    public void run(Body body) throws Exception {
        inputs.incrementAndGet();
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            findings.incrementAndGet();
            throw e;
        }
    }

    /** A fuzz target's work on one input. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Written once, at the end: "target inputs seconds mode findings". */
    public void close() {
        long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        String mode = System.getenv("JAZZER_FUZZ") != null ? "fuzzing" : "replay";
        String line = target + " " + inputs.get() + " " + seconds + " " + mode + " " + findings.get();
        System.out.println("fuzz: " + line);
        try {
            Path out = Files.createDirectories(Path.of("target", "fuzz"));
            Files.writeString(out.resolve(target + "-" + mode + ".txt"), line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
