package org.carecall.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.support.MutableClock;
import org.junit.jupiter.api.Test;

/** The rules of slowing a guesser, on a clock the test moves: no hub, no network. */
class GuessThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));

    @Test
    void theFreeFailuresCostNothingThenEachFurtherOneDoublesTheWait() {
        GuessThrottle throttle = new GuessThrottle(3, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofSeconds(8), 100, clock);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.7");
        }
        assertThat(throttle.wait("10.0.0.7")).isZero();

        throttle.failed("10.0.0.7");
        assertThat(throttle.wait("10.0.0.7")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("10.0.0.7");
        assertThat(throttle.wait("10.0.0.7")).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        throttle.failed("10.0.0.7");
        throttle.failed("10.0.0.7");
        throttle.failed("10.0.0.7");
        assertThat(throttle.wait("10.0.0.7")).as("never past the ceiling").isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.wait("10.0.0.8")).as("another key is untouched").isZero();
        assertThat(throttle.waiting()).isEqualTo(1);
    }

    @Test
    void aSuccessForgivesItsKeyAndAQuietWindowStartsAgain() {
        GuessThrottle throttle = new GuessThrottle(1, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofMinutes(5), 100, clock);
        throttle.failed("a");
        throttle.failed("a");
        assertThat(throttle.wait("a")).isPositive();
        throttle.succeeded("a");
        assertThat(throttle.wait("a")).isZero();

        throttle.failed("b");
        clock.advance(Duration.ofMinutes(2));
        throttle.failed("b");
        assertThat(throttle.wait("b")).as("a failure a window later is free again").isZero();
    }

    @Test
    void keysFromVeryManyAddressesNeverGrowPastTheLimit() {
        GuessThrottle throttle = new GuessThrottle(0, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofMinutes(5), 50, clock);
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("10.0." + i / 250 + "." + i % 250);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(50);
    }

    @Test
    void aStrangersAddressWaitsWhileTheSameNameFromAnotherAddressIsChecked() {
        SourceThrottle units = SourceThrottle.forUnits(10, clock);
        for (int i = 0; i < 100; i++) {
            if (units.wait("10.0.0.66", "bed-0001").isZero()) {
                units.failed("10.0.0.66", "bed-0001");
            }
        }
        assertThat(units.wait("10.0.0.66", "bed-0001")).isPositive();
        assertThat(units.wait("10.0.0.12", "bed-0001")).as("the unit's own address").isZero();

        SourceThrottle staff = SourceThrottle.forStaff(10, clock);
        for (int source = 0; source < 60; source++) {
            staff.failed("10.0.1." + source, "wang");
        }
        assertThat(staff.wait("10.0.2.1", "wang")).as("a name failing from very many addresses is spaced")
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    }
}
