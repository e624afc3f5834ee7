package org.carecall.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub of an earlier release, built from git as it was then, for the scenarios that run a district of
 * older nodes and upgrade it. Which release: {@code -Dcarecall.previousRelease=REF} (a commit, tag or
 * branch), {@link #DEFAULT} when unset.
 *
 * <p>Guarantees: the release is built once per commit, offline, in a detached git worktree of its own that
 * is removed afterwards, and its jar kept under the repository's {@code target/previous-release/COMMIT/}, so
 * later runs reuse it; nothing is installed into the local Maven repository, whose snapshot jars stay this
 * build's.
 */
public final class PreviousRelease {
    /** The commit that landed last before the current release's work. */
    public static final String DEFAULT = "f07acc3";
    private static final long BUILD_MINUTES = 20;

    private PreviousRelease() {
    }

    /** The release asked for, as given. */
    public static String ref() {
        return System.getProperty("carecall.previousRelease", DEFAULT);
    }

    /** The release's commit, abbreviated, and the day it landed: for a report. */
    public static String describe() throws IOException, InterruptedException {
        return git(ReliabilityLedger.repositoryRoot(), "log", "-1", "--format=%h (%as)", commit()).trim();
    }

    /** The release's runnable hub jar ({@code carecall-hub.jar}), built first if no run has built it yet. */
    public static Path hub() throws IOException, InterruptedException {
        Path root = ReliabilityLedger.repositoryRoot();
        String commit = commit();
        Path kept = root.resolve("target").resolve("previous-release").resolve(commit);
        Path jar = kept.resolve("carecall-hub.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(kept);
        Path tree = Files.createTempDirectory("carecall-release-").resolve(commit);
        git(root, "worktree", "add", "--detach", tree.toString(), commit);
        try {
            // package, never install: the old jars must not take the place of this build's in ~/.m2.
            run(tree, kept.resolve("build.log"), List.of("./mvnw", "-B", "-o", "-q", "-pl", "hub-server", "-am",
                    "-DskipTests", "package"));
            Path part = kept.resolve("carecall-hub.jar.part");
            Files.copy(tree.resolve("hub-server/target/carecall-hub.jar"), part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            git(root, "worktree", "remove", "--force", tree.toString());
            Files.deleteIfExists(tree.getParent());
        }
        return jar;
    }

    private static String commit() throws IOException, InterruptedException {
        return git(ReliabilityLedger.repositoryRoot(), "rev-parse", "--verify", ref() + "^{commit}").trim();
    }

    private static String git(Path root, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("carecall-git-", ".txt");
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            run(root, out, command);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs a command in a folder with this JVM's JDK as JAVA_HOME; its output goes to {@code log}. */
    private static void run(Path folder, Path log, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end in " + BUILD_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                    + tail(Files.readString(log, StandardCharsets.UTF_8)));
        }
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
