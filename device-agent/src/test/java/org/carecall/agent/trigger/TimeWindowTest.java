package org.carecall.agent.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    @Test
    void aDayWindow() {
        TimeWindow day = new TimeWindow(LocalTime.of(7, 0), LocalTime.of(22, 0));

        assertThat(day.contains(LocalTime.of(7, 0))).isTrue();
        assertThat(day.contains(LocalTime.of(21, 59))).isTrue();
        assertThat(day.contains(LocalTime.of(22, 0))).isFalse();
        assertThat(day.contains(LocalTime.of(3, 0))).isFalse();
    }

    @Test
    void aNightWindowRunsPastMidnight() {
        TimeWindow night = new TimeWindow(LocalTime.of(23, 0), LocalTime.of(6, 0));

        assertThat(night.contains(LocalTime.of(23, 30))).isTrue();
        assertThat(night.contains(LocalTime.of(2, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void equalEndsMeanTheWholeDay() {
        assertThat(new TimeWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).contains(LocalTime.of(15, 0))).isTrue();
    }
}
