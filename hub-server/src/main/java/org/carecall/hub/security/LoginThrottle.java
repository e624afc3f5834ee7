package org.carecall.hub.security;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per name (a device id, a user name) over the last minute. Past the limit, further attempts for that name
 * are refused without checking the secret, which turns guessing into waiting; a good login clears the count.
 */
public final class LoginThrottle {
    private static final long WINDOW_MILLIS = 60_000;

    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    public LoginThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    public boolean lockedOut(String key) {
        ArrayDeque<Long> recent = failures.get(key);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent, clock.millis());
            return recent.size() >= limit;
        }
    }

    public void failed(String key) {
        ArrayDeque<Long> recent = failures.computeIfAbsent(key, id -> new ArrayDeque<>());
        synchronized (recent) {
            long now = clock.millis();
            prune(recent, now);
            recent.addLast(now);
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private static void prune(ArrayDeque<Long> recent, long now) {
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MILLIS) {
            recent.pollFirst();
        }
    }
}
