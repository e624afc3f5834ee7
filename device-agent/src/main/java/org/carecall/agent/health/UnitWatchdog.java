package org.carecall.agent.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd the unit's agent is alive only after its loop thread (which carries every press, light
 * and receipt) has answered and its outbox could be read. It speaks through Debian's
 * {@code systemd-notify} (the service's NotifyAccess is all), which every Raspberry Pi OS has. A stall
 * leaves the ping out and is logged; systemd restarts the agent, and the outbox holds every call.
 * Below it, the board's hardware watchdog reboots a unit whose whole system froze.
 */
public final class UnitWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UnitWatchdog.class);

    private final String notify;
    private final Callable<?> check;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("unit-watchdog").daemon(true).factory());

    /** {@code notify}: the command that sends one message to systemd; {@code check}: throws or hangs if stuck. */
    public UnitWatchdog(String notify, Callable<?> check) {
        this.notify = notify;
        this.check = check;
    }

    /** Starts when systemd asked for a watchdog ({@code WATCHDOG_USEC}); says READY=1 under systemd. */
    public void start(Map<String, String> env) {
        if (env.get("NOTIFY_SOCKET") == null) {
            return;
        }
        tell("READY=1");
        long micros;
        try {
            micros = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (micros <= 0) {
            return;
        }
        Duration every = Duration.ofNanos(micros * 1000).dividedBy(3);
        checks.scheduleWithFixedDelay(() -> ping(every), 0, every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watchdog: checking the agent every {} ms for systemd", every.toMillis());
    }

    private void ping(Duration allowed) {
        var running = Executors.newVirtualThreadPerTaskExecutor();
        try {
            running.submit(check).get(allowed.toMillis(), TimeUnit.MILLISECONDS);
            tell("WATCHDOG=1");
        } catch (Exception e) {
            log.error("watchdog: the agent's loop or outbox did not answer within {} ms; not telling systemd that"
                    + " all is well, so it restarts the agent", allowed.toMillis());
        } finally {
            running.shutdownNow();
        }
    }

    private void tell(String message) {
        try {
            Process process = new ProcessBuilder(List.of(notify, "--pid=" + ProcessHandle.current().pid(), message))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (Exception e) {
            log.warn("watchdog: cannot run {}: {}", notify, e.getMessage());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
