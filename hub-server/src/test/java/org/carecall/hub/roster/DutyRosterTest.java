package org.carecall.hub.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who is on duty, read in each community's own time zone. */
class DutyRosterTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    private TestHub hub;
    private DutyRoster roster;
    private Area grid;
    private Staff wang;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(java.nio.file.Files.createTempDirectory("carecall-roster-"), clock, config -> { });
        roster = hub.hub().people().roster();
        Site site = hub.hub().people().community().addSite("Xincheng", SHANGHAI);
        grid = hub.hub().people().community().addArea(site.id(), "Grid 3");
        wang = hub.hub().people().staff().create("wang", "Wang Li", Role.DUTY, site.id(), null, "wang-password-1").join();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aWeeklyShiftCoversItsHoursOnItsDayInTheSitesTimeZone() throws Exception {
        roster.addShift(weekly(DayOfWeek.MONDAY, "08:00", "16:00"));

        assertThat(onDutyAt("2026-11-23T09:00", SHANGHAI)).containsExactly("wang"); // Monday 09:00 in Shanghai
        assertThat(onDutyAt("2026-11-23T16:00", SHANGHAI)).isEmpty();
        assertThat(onDutyAt("2026-11-24T09:00", SHANGHAI)).isEmpty();               // Tuesday
        assertThat(onDutyAt("2026-11-23T07:59", SHANGHAI)).isEmpty();
    }

    @Test
    void aNightShiftRunsPastMidnight() throws Exception {
        roster.addShift(weekly(DayOfWeek.MONDAY, "22:00", "06:00"));

        assertThat(onDutyAt("2026-11-23T23:30", SHANGHAI)).containsExactly("wang");
        assertThat(onDutyAt("2026-11-24T05:59", SHANGHAI)).containsExactly("wang"); // Tuesday morning, Monday's shift
        assertThat(onDutyAt("2026-11-24T06:00", SHANGHAI)).isEmpty();
    }

    @Test
    void aDayOffCancelsThatDaysWeeklyShiftAndAOneOffShiftAddsOne() throws Exception {
        roster.addShift(weekly(DayOfWeek.MONDAY, "08:00", "16:00"));
        roster.addShift(new Shift(null, wang.id(), grid.id(), Shift.Kind.OFF, null, LocalDate.parse("2026-11-30"),
                LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        roster.addShift(new Shift(null, wang.id(), grid.id(), Shift.Kind.ONE_OFF, null, LocalDate.parse("2026-12-01"),
                LocalTime.parse("10:00"), LocalTime.parse("12:00")));

        assertThat(onDutyAt("2026-11-30T09:00", SHANGHAI)).isEmpty();
        assertThat(onDutyAt("2026-12-07T09:00", SHANGHAI)).containsExactly("wang");
        assertThat(onDutyAt("2026-12-01T11:00", SHANGHAI)).containsExactly("wang");
    }

    @Test
    void goingOffDutyFromTheConsoleWinsOverTheRosterUntilChanged() throws Exception {
        roster.addShift(weekly(DayOfWeek.MONDAY, "08:00", "16:00"));
        setTime("2026-11-23T09:00", SHANGHAI);

        roster.toggle(wang.id(), false, null);
        assertThat(names(roster.onDutyNow())).isEmpty();
        roster.clearToggle(wang.id());
        assertThat(names(roster.onDutyNow())).containsExactly("wang");
        setTime("2026-11-23T20:00", SHANGHAI);
        roster.toggle(wang.id(), true, grid.id());
        assertThat(roster.onDutyNow()).singleElement().satisfies(duty -> assertThat(duty.areaId()).isEqualTo(grid.id()));
    }

    @Test
    void aChangeToSummerTimeMovesNobodysShift() throws Exception {
        Site berlin = hub.hub().people().community().addSite("Kreuzberg", BERLIN);
        Staff anna = hub.hub().people().staff().create("anna", "Anna", Role.DUTY, berlin.id(), null, "anna-password-1").join();
        roster.addShift(new Shift(null, anna.id(), null, Shift.Kind.WEEKLY, DayOfWeek.SUNDAY, null,
                LocalTime.parse("08:00"), LocalTime.parse("16:00")));

        // 2027-03-28 is the Sunday clocks go forward in Berlin; 08:30 local is 06:30 UTC that day, 07:30 a week before.
        setTime("2027-03-28T08:30", BERLIN);
        assertThat(names(roster.onDutyNow())).containsExactly("anna");
        setTime("2027-03-21T08:30", BERLIN);
        assertThat(names(roster.onDutyNow())).containsExactly("anna");
        setTime("2027-03-28T07:30", BERLIN);
        assertThat(names(roster.onDutyNow())).isEmpty();
    }

    private Shift weekly(DayOfWeek day, String from, String to) {
        return new Shift(null, wang.id(), grid.id(), Shift.Kind.WEEKLY, day, null, LocalTime.parse(from), LocalTime.parse(to));
    }

    private List<String> onDutyAt(String localTime, ZoneId zone) throws Exception {
        return names(roster.onDutyAt(ZonedDateTime.of(java.time.LocalDateTime.parse(localTime), zone).toInstant()));
    }

    private void setTime(String localTime, ZoneId zone) {
        Instant target = ZonedDateTime.of(java.time.LocalDateTime.parse(localTime), zone).toInstant();
        clock.advance(java.time.Duration.between(clock.instant(), target));
    }

    private static List<String> names(List<DutyRoster.OnDuty> onDuty) {
        return onDuty.stream().map(duty -> duty.staff().username()).sorted().toList();
    }
}
