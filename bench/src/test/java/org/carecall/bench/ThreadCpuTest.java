package org.carecall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    private static final long HALF_A_SECOND = 500_000_000L;

    @Test
    void aThreadsCpuLandsInThePartItsNameSays() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadCpu before = ThreadCpu.of(pid);
        double processBefore = ThreadCpu.processSeconds(pid);
        Thread writer = new Thread(() -> spin(HALF_A_SECOND), "store-writer");
        writer.start();
        writer.join();
        // join() returns once the Java thread is done; the kernel may list its task a moment longer.
        ThreadCpu after = ThreadCpu.of(pid);
        for (int i = 0; i < 200 && after.threads().values().stream().anyMatch(t -> t.name().equals("store-writer")); i++) {
            Thread.sleep(10);
            after = ThreadCpu.of(pid);
        }
        Map<String, Double> parts = after.since(before, ThreadCpu.processSeconds(pid) - processBefore);

        // The thread has ended, so its half second is no longer listed by thread: it is in the whole process's
        // CPU, which the parts add up to, and nothing is booked to the part its name said.
        assertThat(parts.keySet()).containsExactly(ThreadCpu.PARTS);
        assertThat(parts.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThan(0.3);
        assertThat(parts.get("store writer")).isLessThan(0.1);
    }

    @Test
    void aLiveThreadsCpuIsBookedToItsPart() throws Exception {
        long pid = ProcessHandle.current().pid();
        Object gate = new Object();
        Thread writer = new Thread(() -> {
            synchronized (gate) {
                try {
                    gate.wait(10_000);
                } catch (InterruptedException done) {
                    // ended by the test
                }
            }
        }, "store-writer");
        writer.start();
        ThreadCpu before = ThreadCpu.of(pid);
        double processBefore = ThreadCpu.processSeconds(pid);
        // The spinner is read while alive, once it has had its CPU, however busy other tests keep the machine.
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread spinner = new Thread(() -> {
            spin(HALF_A_SECOND);
            spun.countDown();
            awaitQuietly(read);
        }, "hub-events");
        spinner.start();
        assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Double> parts = ThreadCpu.of(pid).since(before, ThreadCpu.processSeconds(pid) - processBefore);
        read.countDown();
        spinner.join();
        writer.interrupt();

        assertThat(parts.get("events and timers")).isGreaterThan(0.2);
        assertThat(parts.get("store writer")).isLessThan(0.05);
    }

    @Test
    void threadsAreSortedByTheNamesTheJvmNettyAndTheHubGiveThem() {
        assertThat(ThreadCpu.part("multiThreadIoEv")).isEqualTo("event loops (MQTT, HTTP, WebSocket)");
        assertThat(ThreadCpu.part("store-writer")).isEqualTo("store writer");
        assertThat(ThreadCpu.part("hub-timers")).isEqualTo("events and timers");
        assertThat(ThreadCpu.part("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.part("GC Thread#1")).isEqualTo("garbage collector");
        assertThat(ThreadCpu.part("G1 Refine#0")).isEqualTo("garbage collector");
        assertThat(ThreadCpu.part("prometheus-metr")).isEqualTo("other");
    }

    /**
     * Busy until this thread has had the CPU time (not wall time: the other test JVM shares the cores), or
     * twenty seconds have passed.
     */
    private static void spin(long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long giveUp = System.nanoTime() + 20_000_000_000L;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - start < cpuNanos && System.nanoTime() < giveUp) {
            for (int i = 0; i < 10_000; i++) {
                sink += sink * 31 + 7;
            }
        }
        if (sink == 42) {
            System.out.println(sink);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
