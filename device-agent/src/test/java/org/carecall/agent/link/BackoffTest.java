package org.carecall.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDelayDoublesUpToTheMaximumAndStaysInTheUpperHalf() {
        Backoff backoff = new Backoff(1000, 60_000, new Random(7));

        for (int attempt = 0; attempt < 100; attempt++) {
            long ceiling = Math.min(60_000, 1000L << Math.min(attempt, 30));
            Duration delay = backoff.delay(attempt);
            assertThat(delay.toMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void manyUnitsStartingTogetherSpreadOut() {
        Set<Long> firstRetries = new HashSet<>();
        for (int unit = 0; unit < 1000; unit++) {
            firstRetries.add(new Backoff(1000, 60_000, new Random(unit)).delay(3).toMillis());
        }

        assertThat(firstRetries).hasSizeGreaterThan(900); // 1,000 units, nearly all at different milliseconds
    }

    @Test
    void itNeverGivesUp() {
        Backoff backoff = new Backoff(1000, 60_000, new Random(1));

        assertThat(backoff.delay(Integer.MAX_VALUE).toMillis()).isBetween(30_000L, 60_000L);
    }
}
