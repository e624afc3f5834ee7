package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.carecall.hub.care.CarePolicy;
import org.junit.jupiter.api.Test;

/** The ladder as a pure function: a day with its deadline at 10:00 in Shanghai, the spec's default times. */
class CheckInLadderTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final CarePolicy.CheckIn TIMES = CarePolicy.CheckIn.defaults(); // [0,10], 15, 120, 180

    private static Instant at(String time) {
        return LocalDateTime.parse("2026-12-07T" + time).atZone(SHANGHAI).toInstant();
    }

    private static CheckInDay day(String state, Instant claimedAt, String... done) {
        return new CheckInDay("r1", LocalDate.of(2026, 12, 7), at("10:00"), state, false, false, null, null, null, null,
                null, null, null, claimedAt, null, null, Set.of(done));
    }

    private static List<String> due(CheckInDay day, String time) {
        return CheckInLadder.due(day, TIMES, at(time)).stream().map(CheckInLadder.Step::key).toList();
    }

    @Test
    void nothingIsDueBeforeTheDeadline() {
        assertThat(due(day("WAITING", null), "09:59")).isEmpty();
    }

    @Test
    void theFirstReminderAtTheDeadlineAndTheSecondTenMinutesLater() {
        assertThat(due(day("WAITING", null), "10:00")).containsExactly("REMIND:0");
        assertThat(due(day("WAITING", null, "REMIND:0"), "10:09")).isEmpty();
        assertThat(due(day("WAITING", null, "REMIND:0"), "10:10")).containsExactly("REMIND:1");
    }

    @Test
    void afterFifteenMinutesSheIsListedWithoutRinging() {
        assertThat(due(day("WAITING", null, "REMIND:0", "REMIND:1"), "10:15")).containsExactly("LIST");
        assertThat(due(day("MISSED", null, "REMIND:0", "REMIND:1", "LIST"), "11:59")).isEmpty();
    }

    @Test
    void afterTwoHoursUnclaimedTheCallThenAfterThreeTheFamily() {
        CheckInDay listed = day("MISSED", null, "REMIND:0", "REMIND:1", "LIST");
        assertThat(due(listed, "12:00")).containsExactly("RING");
        CheckInDay rung = day("MISSED", null, "REMIND:0", "REMIND:1", "LIST", "RING");
        assertThat(due(rung, "12:59")).isEmpty();
        assertThat(due(rung, "13:00")).containsExactly("FAMILY");
        assertThat(due(day("MISSED", null, "REMIND:0", "REMIND:1", "LIST", "RING", "FAMILY"), "18:00")).isEmpty();
    }

    @Test
    void aWorkerOnItStopsTheClimbButNotTheListing() {
        CheckInDay claimed = day("MISSED", at("11:00"), "REMIND:0", "REMIND:1", "LIST");
        assertThat(due(claimed, "12:00")).isEmpty();
        assertThat(due(claimed, "13:30")).isEmpty();
    }

    @Test
    void aClosedDayHasNoStepsWhateverTheTime() {
        assertThat(due(day("CONFIRMED", null), "12:30")).isEmpty();
    }

    @Test
    void aSweepThatRanLateClaimsOldRemindersWithoutSpeakingThem() {
        List<CheckInLadder.Step> steps = CheckInLadder.due(day("WAITING", null), TIMES, at("12:30"));
        assertThat(steps).extracting(CheckInLadder.Step::key).containsExactly("REMIND:0", "REMIND:1", "LIST", "RING");
        assertThat(steps).extracting(CheckInLadder.Step::act).containsExactly(false, false, true, true);
    }

    @Test
    void aCloseLearntAfterTheListingPointIsLate() {
        assertThat(CheckInLadder.late(day("WAITING", null), TIMES, at("10:14"))).isFalse();
        assertThat(CheckInLadder.late(day("WAITING", null), TIMES, at("10:15"))).isTrue();
    }

    @Test
    void thePlanExpectsNothingWhileSheIsAwayNorBeforeItWasSwitchedOn() {
        CheckInPlan plan = new CheckInPlan("r1", true, null, LocalDate.of(2026, 12, 10), LocalDate.of(2026, 12, 12),
                at("09:00").minusSeconds(86_400), at("09:00"), "wang");
        assertThat(plan.expectsOn(LocalDate.of(2026, 12, 7), SHANGHAI)).isTrue();
        assertThat(plan.expectsOn(LocalDate.of(2026, 12, 11), SHANGHAI)).isFalse();
        assertThat(plan.expectsOn(LocalDate.of(2026, 12, 13), SHANGHAI)).isTrue();
        CheckInPlan lateStart = new CheckInPlan("r1", true, null, null, null, at("11:00"), at("11:00"), "wang");
        assertThat(lateStart.expectsOn(LocalDate.of(2026, 12, 7), SHANGHAI)).isFalse();
        assertThat(lateStart.expectsOn(LocalDate.of(2026, 12, 8), SHANGHAI)).isTrue();
    }
}
