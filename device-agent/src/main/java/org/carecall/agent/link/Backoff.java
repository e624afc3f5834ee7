package org.carecall.agent.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the ceiling doubles with each attempt up to a maximum, and the delay is
 * drawn from the upper half of it. The floor keeps a unit from hammering the hub; the spread keeps a
 * building full of units that lost the hub together from all coming back in the same second.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(long initialMillis, long maxMillis, RandomGenerator random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The wait before attempt {@code attempt + 1}, counting from 0 for the first retry. Never gives up. */
    public Duration delay(int attempt) {
        long ceiling = maxMillis;
        if (attempt < 40) {
            ceiling = Math.min(maxMillis, initialMillis << Math.min(attempt, 30));
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }
}
