package org.carecall.hub.security;

import java.time.Clock;
import java.time.Duration;

/**
 * Slows guessing by where it comes from: an address, the same address with one name, and (for staff
 * only) one name from everywhere. Never the name alone at first: a stranger guessing a unit's id or a
 * worker's name from one address cannot lock out the right secret from another.
 *
 * <p>Guarantees: the right secret from an address that has not been guessing is never slowed by this,
 * unless the same name has also drawn failures from very many addresses (staff names only; then its
 * attempts are spaced, never stopped). Waits grow by doubling from one second, so a typo costs nothing
 * and a guesser waits longer and longer; memory is bounded by {@link GuessThrottle}.
 */
public final class SourceThrottle {
    private static final int MAX_KEYS = 10_000;

    private final GuessThrottle bySource;
    private final GuessThrottle bySourceAndName;
    private final GuessThrottle byName;

    private SourceThrottle(GuessThrottle bySource, GuessThrottle bySourceAndName, GuessThrottle byName) {
        this.bySource = bySource;
        this.bySourceAndName = bySourceAndName;
        this.byName = byName;
    }

    /**
     * For staff logins: {@code freePerName} failures a minute free for one address and name, three times
     * as many for one address, five times as many for one name from all addresses.
     */
    public static SourceThrottle forStaff(int freePerName, Clock clock) {
        return new SourceThrottle(
                throttle(3 * freePerName, Duration.ofMinutes(15), clock),
                throttle(freePerName, Duration.ofMinutes(15), clock),
                throttle(5 * freePerName, Duration.ofMinutes(1), clock));
    }

    /**
     * For units and enrolment codes: their secrets are random, so guessing them is hopeless; this only
     * keeps a stream of wrong ones from costing the hub work and log lines.
     */
    public static SourceThrottle forUnits(int freePerName, Clock clock) {
        return new SourceThrottle(
                throttle(3 * freePerName, Duration.ofMinutes(5), clock),
                throttle(freePerName, Duration.ofMinutes(5), clock),
                null);
    }

    private static GuessThrottle throttle(int free, Duration longest, Clock clock) {
        return new GuessThrottle(free, Duration.ofMinutes(1), Duration.ofSeconds(1), longest, MAX_KEYS, clock);
    }

    /** How long an attempt from this source for this name must still wait; zero when it may be checked now. */
    public Duration wait(String source, String name) {
        Duration wait = longest(bySource.wait(source), bySourceAndName.wait(pair(source, name)));
        return byName == null || name == null ? wait : longest(wait, byName.wait(name));
    }

    /** A checked attempt failed. */
    public void failed(String source, String name) {
        bySource.failed(source);
        bySourceAndName.failed(pair(source, name));
        if (byName != null && name != null) {
            byName.failed(name);
        }
    }

    /** A checked attempt succeeded: the pair is forgiven; the source's other failures still count. */
    public void succeeded(String source, String name) {
        bySourceAndName.succeeded(pair(source, name));
    }

    /** How many sources, or sources with one name, are being slowed now. */
    public int waitingSources() {
        return bySource.waiting() + bySourceAndName.waiting();
    }

    private static String pair(String source, String name) {
        return source + "\n" + name;
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
