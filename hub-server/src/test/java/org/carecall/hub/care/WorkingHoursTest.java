package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Working hours in the community's time zone: office hours only, weekends and listed holidays skipped. */
class WorkingHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final WorkingHours OFFICE = WorkingHours.of("Mon-Fri 08:30-17:30", List.of());

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    void fourWorkingHoursFromFridayAtHalfPastFourEndMondayAtHalfPastEleven() {
        // 2026-12-04 is a Friday: one hour that day, three on Monday morning.
        assertThat(OFFICE.after(at("2026-12-04T16:30"), 4, SHANGHAI)).isEqualTo(at("2026-12-07T11:30"));
    }

    @Test
    void aListedHolidayIsSkippedLikeAWeekend() {
        WorkingHours withHoliday = WorkingHours.of("Mon-Fri 08:30-17:30", List.of("2026-12-07"));
        assertThat(withHoliday.after(at("2026-12-04T16:30"), 4, SHANGHAI)).isEqualTo(at("2026-12-08T11:30"));
    }

    @Test
    void timeBeforeOpeningAndAtTheWeekendCountsFromTheNextOpening() {
        assertThat(OFFICE.after(at("2026-12-05T10:00"), 4, SHANGHAI)).isEqualTo(at("2026-12-07T12:30"));
        assertThat(OFFICE.after(at("2026-12-08T06:00"), 2, SHANGHAI)).isEqualTo(at("2026-12-08T10:30"));
        assertThat(OFFICE.after(at("2026-12-08T09:00"), 9, SHANGHAI)).isEqualTo(at("2026-12-09T09:00"));
    }

    @Test
    void daysMayBeListedAndTheTimeZoneIsTheCommunitys() {
        WorkingHours mornings = WorkingHours.of("Mon,Wed 9:00-12:00", List.of());
        assertThat(mornings.after(at("2026-12-07T11:00"), 2, SHANGHAI)).isEqualTo(at("2026-12-09T10:00"));
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(OFFICE.after(LocalDateTime.parse("2026-12-04T16:30").atZone(berlin).toInstant(), 4, berlin))
                .isEqualTo(LocalDateTime.parse("2026-12-07T11:30").atZone(berlin).toInstant());
    }

    @Test
    void unreadableHoursAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> WorkingHours.of("weekdays", List.of())).hasMessageContaining("Mon-Fri 08:30-17:30");
        assertThatThrownBy(() -> WorkingHours.of("Mon-Fri 17:30-08:30", List.of())).hasMessageContaining("open");
        assertThatThrownBy(() -> WorkingHours.of("Mon-Fri 08:30-17:30", List.of("1 Oct"))).hasMessageContaining("2026-10-01");
        assertThat(CarePolicy.defaults().problems()).isEmpty();
    }
}
