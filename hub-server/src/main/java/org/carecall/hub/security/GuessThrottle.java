package org.carecall.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Growing waits for whoever keeps guessing. Each key (an address, an address with a name) has a few
 * failures free in a window; past them every further failure makes the key wait twice as long as the
 * last time, up to a ceiling, and attempts during a wait are refused without being checked.
 *
 * <p>Guarantees: only the keys a caller names are slowed, so a guesser at one address never slows the
 * right secret from another; a success clears its key; memory is bounded: a key forgets itself once its
 * window and its wait have passed, and past {@code maxKeys} the stalest keys are dropped first.
 */
public final class GuessThrottle {
    private final int freeFailures;
    private final long windowMillis;
    private final long firstWaitMillis;
    private final long longestWaitMillis;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    /** One key's failures in the current window and the wait it is serving. */
    private static final class Record {
        long windowStart;
        int failures;
        long waitMillis;
        long blockedUntil;
        long lastSeen;
    }

    public GuessThrottle(int freeFailures, Duration window, Duration firstWait, Duration longestWait, int maxKeys,
                         Clock clock) {
        this.freeFailures = freeFailures;
        this.windowMillis = window.toMillis();
        this.firstWaitMillis = firstWait.toMillis();
        this.longestWaitMillis = longestWait.toMillis();
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** How long this key must still wait; zero when it may try now. */
    public Duration wait(String key) {
        Record record = records.get(key);
        if (record == null) {
            return Duration.ZERO;
        }
        synchronized (record) {
            return Duration.ofMillis(Math.max(0, record.blockedUntil - clock.millis()));
        }
    }

    /** Counts a failure; past the free ones, starts (or doubles) the key's wait. */
    public void failed(String key) {
        long now = clock.millis();
        if (!records.containsKey(key) && records.size() >= maxKeys) {
            forgetStale(now);
        }
        Record record = records.computeIfAbsent(key, k -> new Record());
        synchronized (record) {
            if (now - record.windowStart > windowMillis && now >= record.blockedUntil) {
                record.windowStart = now;
                record.failures = 0;
            }
            record.failures++;
            record.lastSeen = now;
            if (record.failures > freeFailures) {
                record.waitMillis = record.waitMillis == 0 ? firstWaitMillis
                        : Math.min(longestWaitMillis, record.waitMillis * 2);
                record.blockedUntil = now + record.waitMillis;
            }
        }
    }

    /** The key proved itself: its count and wait are gone. */
    public void succeeded(String key) {
        records.remove(key);
    }

    /** How many keys are waiting now (a metric: a burst of guessing shows as a rise). */
    public int waiting() {
        long now = clock.millis();
        int count = 0;
        for (Record record : records.values()) {
            synchronized (record) {
                if (record.blockedUntil > now) {
                    count++;
                }
            }
        }
        return count;
    }

    int size() {
        return records.size();
    }

    private void forgetStale(long now) {
        records.entrySet().removeIf(entry -> {
            Record record = entry.getValue();
            synchronized (record) {
                return now - record.windowStart > windowMillis && now >= record.blockedUntil;
            }
        });
        if (records.size() >= maxKeys) {
            // Still full of live keys (guessing from very many addresses): drop the stalest tenth in one go.
            records.entrySet().stream()
                    .sorted((a, b) -> Long.compare(a.getValue().lastSeen, b.getValue().lastSeen))
                    .limit(Math.max(1, maxKeys / 10))
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(records::remove);
        }
    }
}
