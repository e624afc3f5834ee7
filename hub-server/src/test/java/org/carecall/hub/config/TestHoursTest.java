package org.carecall.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestHoursTest {
    @Test
    void aFleetIsSpreadOverTheFirstTwoThirdsOfTheWindow() {
        Set<Integer> hours = new HashSet<>();
        IntStream.range(0, 200).mapToObj(i -> "unit-%04d".formatted(i)).map(TestHours.DAYTIME::slotOf).forEach(slot -> {
            assertThat(slot).isBetween(LocalTime.of(10, 0), LocalTime.of(14, 40));
            hours.add(slot.getHour());
        });
        assertThat(hours).as("200 units are not all asked in the same hour").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aUnitIsAskedFromItsOwnMinuteUntilTheWindowCloses() {
        LocalTime slot = TestHours.DAYTIME.slotOf("bed-0001");

        assertThat(TestHours.DAYTIME.isTurnOf("bed-0001", slot.minusMinutes(1))).isFalse();
        assertThat(TestHours.DAYTIME.isTurnOf("bed-0001", slot)).isTrue();
        assertThat(TestHours.DAYTIME.isTurnOf("bed-0001", LocalTime.of(16, 59))).isTrue();
        assertThat(TestHours.DAYTIME.isTurnOf("bed-0001", LocalTime.of(17, 0))).isFalse();
        assertThat(TestHours.DAYTIME.isTurnOf("bed-0001", LocalTime.of(3, 0))).isFalse();
    }

    @Test
    void theSettingIsReadAndAWrongOneSaysHowToWriteIt() {
        assertThat(TestHours.parse(" 09:30-12:00 ")).isEqualTo(new TestHours(LocalTime.of(9, 30), LocalTime.of(12, 0)));
        assertThat(TestHours.parse("10:00-17:00")).isEqualTo(TestHours.DAYTIME);
        assertThatThrownBy(() -> TestHours.parse("10-17")).hasMessageContaining("like 10:00-17:00");
        assertThatThrownBy(() -> TestHours.parse("17:00-10:00")).hasMessageContaining("start before they end");
        assertThatThrownBy(() -> TestHours.parse(null)).hasMessageContaining("like 10:00-17:00");
    }
}
