package org.carecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of each of the hub's threads, from {@code /proc/PID/task}, so that a stretch of work can be
 * split by the part of the hub that did it: the network's event loops, the store's writer, the events,
 * the JIT's compilers, the garbage collector. This is the profile every bench report carries.
 */
record ThreadCpu(Map<Long, Task> threads) {
    /** The parts, in the order a report lists them. */
    static final String[] PARTS = {"event loops (MQTT, HTTP, WebSocket)", "store writer", "events and timers",
            "JIT compilers", "garbage collector", "other"};

    /** One thread of the hub: its name and its CPU seconds so far. */
    record Task(String name, double seconds) {
    }

    /** Each thread's user and system CPU seconds so far. */
    static ThreadCpu of(long pid) throws IOException {
        Map<Long, Task> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new Task(name, seconds(stat)));
                } catch (NoSuchFileException exited) {
                    // the thread ended while the list was read
                }
            }
        }
        return new ThreadCpu(threads);
    }

    /** A process's user and system CPU seconds so far, from {@code /proc/PID/stat}. */
    static double processSeconds(long pid) throws IOException {
        return seconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /**
     * User and system CPU seconds from a {@code stat} line (in ticks of 10 ms). It reads "pid (name) state
     * ...", and the name may hold spaces and brackets, so the fields are counted after its last bracket.
     */
    private static double seconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /**
     * CPU seconds by part between {@code before} and this. A thread that ended in between is not in this
     * snapshot, so its share lands in "other" through {@code processSeconds}, the whole process's CPU.
     */
    Map<String, Double> since(ThreadCpu before, double processSeconds) {
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String part : PARTS) {
            parts.put(part, 0.0);
        }
        double named = 0;
        for (var entry : threads.entrySet()) {
            Task then = before.threads.get(entry.getKey());
            double spent = entry.getValue().seconds() - (then == null ? 0 : then.seconds());
            parts.merge(part(entry.getValue().name()), spent, Double::sum);
            named += spent;
        }
        parts.merge("other", Math.max(0, processSeconds - named), Double::sum);
        return parts;
    }

    /** The part a thread belongs to, by the name the JVM, Netty or the hub gave it (cut to 15 characters). */
    static String part(String name) {
        if (name.startsWith("multiThreadIo") || name.startsWith("nioEventLoop")) {
            return PARTS[0];
        } else if (name.startsWith("store-writer")) {
            return PARTS[1];
        } else if (name.startsWith("hub-")) {
            return PARTS[2];
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return PARTS[3];
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("Z")
                || name.equals("VM Thread")) {
            return PARTS[4];
        }
        return PARTS[5];
    }
}
