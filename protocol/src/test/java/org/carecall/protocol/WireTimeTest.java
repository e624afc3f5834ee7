package org.carecall.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @Test
    void theUsualFormReadsAsTheGeneralParserReadsIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            // From 1970 to about 2100, to the millisecond.
            Instant at = Instant.ofEpochMilli(random.nextLong(4_102_444_800_000L));
            String text = WireTime.format(at);
            assertThat(WireTime.parse(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(at);
        }
        assertThat(WireTime.parse("2028-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2028-02-29T23:59:59.999Z"));
    }

    @Test
    void otherFormsAreReadByTheGeneralParserToTheMillisecond() {
        assertThat(WireTime.parse("2026-11-22T08:15:30Z")).isEqualTo(Instant.parse("2026-11-22T08:15:30Z"));
        assertThat(WireTime.parse("2026-11-22T16:15:30.125+08:00")).isEqualTo(Instant.parse("2026-11-22T08:15:30.125Z"));
        assertThat(WireTime.parse("2026-11-22T08:15:30.125999Z"))
                .isEqualTo(Instant.parse("2026-11-22T08:15:30.125Z").truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void impossibleDatesAndGarbageAreRefusedAsBefore() {
        for (String text : new String[] {"2026-02-29T08:15:30.125Z", "2026-13-01T08:15:30.125Z",
                "2026-11-22T24:15:30.125Z", "2026-11-22T08:60:30.125Z", "2026-11-2xT08:15:30.125Z",
                "2026-11-22 08:15:30.125Z", "yesterday", ""}) {
            assertThatThrownBy(() -> WireTime.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
