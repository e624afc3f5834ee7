package org.carecall.hub.watchdog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the service manager the hub is alive only after checking that its moving parts move: the MQTT
 * and HTTP event loops run a task, the event thread runs a task, the store writer commits. A part that
 * does not answer within a third of the watchdog interval is named in the log and the ping is left out,
 * so that systemd, hearing nothing for a whole interval, restarts the hub: units keep their calls and
 * resend them to the new process.
 */
public final class HubWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubWatchdog.class);

    private final ServiceManager manager;
    private final Map<String, Supplier<CompletableFuture<?>>> parts = new LinkedHashMap<>();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hub-watchdog").daemon(true).factory());

    public HubWatchdog(ServiceManager manager) {
        this.manager = manager;
    }

    /** A part to check before each ping: its probe must complete in time. */
    public HubWatchdog watch(String part, Supplier<CompletableFuture<?>> probe) {
        parts.put(part, probe);
        return this;
    }

    /** Starts checking, when the service manager asked for a watchdog. */
    public void start() {
        manager.watchdogInterval().ifPresent(interval -> {
            Duration every = interval.dividedBy(3);
            checks.scheduleWithFixedDelay(() -> check(every), 0, every.toMillis(), TimeUnit.MILLISECONDS);
            log.info("watchdog: checking the hub's parts every {} ms for the service manager", every.toMillis());
        });
    }

    private void check(Duration allowed) {
        for (Map.Entry<String, Supplier<CompletableFuture<?>>> part : parts.entrySet()) {
            try {
                part.getValue().get().get(allowed.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.error("watchdog: {} did not answer within {} ms; not telling the service manager that all is"
                        + " well, so it restarts the hub", part.getKey(), allowed.toMillis());
                return;
            }
        }
        manager.tell("WATCHDOG=1");
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
