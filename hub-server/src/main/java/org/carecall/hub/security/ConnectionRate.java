package org.carecall.hub.security;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * New connections per source address, before anything is authenticated: a burst, then a steady rate, as
 * a token bucket per address. A TLS handshake or a login check costs the hub work; a source that opens
 * connections faster than any unit or browser would is turned away before either.
 *
 * <p>Guarantees: one address never uses up another's allowance; loopback is let through unless asked
 * (the hub's own machine runs its monitoring and, on a bench, thousands of test units); memory is bounded:
 * buckets that have refilled are dropped when the map is full.
 */
public final class ConnectionRate {
    private static final int MAX_ADDRESSES = 20_000;

    private final double burst;
    private final double perNano;
    private final boolean limitLoopback;
    private final LongSupplier nanos;
    private final Consumer<InetAddress> refused;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /** {@code perSecond} 0 lets every connection through; {@code refused} hears of each connection turned away. */
    public ConnectionRate(int burst, int perSecond, boolean limitLoopback, LongSupplier nanos,
                          Consumer<InetAddress> refused) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.limitLoopback = limitLoopback;
        this.nanos = nanos;
        this.refused = refused;
    }

    /** Lets every connection through. */
    public static ConnectionRate unlimited() {
        return new ConnectionRate(1, 0, false, System::nanoTime, address -> { });
    }

    /** Whether a new connection from this address may go on to its handshake and login. */
    public boolean admit(InetAddress address) {
        if (perNano == 0 || address == null || (address.isLoopbackAddress() && !limitLoopback)) {
            return true;
        }
        long now = nanos.getAsLong();
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            buckets.values().removeIf(bucket -> {
                synchronized (bucket) {
                    return bucket.tokens + (now - bucket.last) * perNano >= burst;
                }
            });
            if (buckets.size() >= MAX_ADDRESSES) {
                buckets.clear(); // that many live sources at once: the limit per address no longer tells anything
            }
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.last) * perNano);
            bucket.last = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
        }
        refused.accept(address);
        return false;
    }
}
