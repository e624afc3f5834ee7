package org.carecall.hub.care;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread of its own for one of everyday care's sweeps: never the alarm path's, nor the hub's timers, so a
 * long sweep delays nothing else. A sweep that fails is logged and runs again at its next time.
 */
public final class CareThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CareThread.class);

    /** One pass of a sweep. */
    @FunctionalInterface
    public interface Sweep {
        int sweep() throws StoreException;
    }

    private final String name;
    private final ScheduledExecutorService thread;

    public CareThread(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon(true).factory());
    }

    /** Sweeps after {@code first}, then {@code every} after each sweep ends. */
    public void start(Sweep sweep, Duration first, Duration every) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                sweep.sweep();
            } catch (StoreException | RuntimeException e) {
                log.warn("{} failed ({}); it runs again in {}", name, e.getMessage(), every);
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
