package org.carecall.hub.device;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per device id over the last minute. Past the limit, further attempts for that id
 * are refused without checking the secret, which turns guessing into waiting; a good login clears the count.
 */
final class LoginThrottle {
    private static final long WINDOW_MILLIS = 60_000;

    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    LoginThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    boolean lockedOut(String deviceId) {
        ArrayDeque<Long> recent = failures.get(deviceId);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent, clock.millis());
            return recent.size() >= limit;
        }
    }

    void failed(String deviceId) {
        ArrayDeque<Long> recent = failures.computeIfAbsent(deviceId, id -> new ArrayDeque<>());
        synchronized (recent) {
            long now = clock.millis();
            prune(recent, now);
            recent.addLast(now);
        }
    }

    void succeeded(String deviceId) {
        failures.remove(deviceId);
    }

    private static void prune(ArrayDeque<Long> recent, long now) {
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MILLIS) {
            recent.pollFirst();
        }
    }
}
