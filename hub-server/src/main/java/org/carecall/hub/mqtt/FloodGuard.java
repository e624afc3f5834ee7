package org.carecall.hub.mqtt;

/**
 * A token bucket per device: a burst of messages, then a steady rate. A stuck contact or a runaway
 * device runs out of tokens; the hub then closes its connection rather than let it crowd out others.
 * Nothing is lost by that: what was not acknowledged is still in the device's outbox.
 */
final class FloodGuard {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    FloodGuard(int burst, int perSecond, long nowNanos) {
        this.capacity = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
