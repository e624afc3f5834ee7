package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.community.Resident.RiskLevel;
import org.junit.jupiter.api.Test;

/** When a visit falls due and which comes first on Today, in Xincheng's time zone, with plain values. */
class VisitRulesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    void aWeeklyVisitAfterTheFirstIsDueOnTheEighthAndOneDayOverdueOnTheNinthAtSevenInTheMorning() {
        Instant due = VisitRules.cadenceDue(at("2026-12-01T16:30"), SHANGHAI, 7);

        assertThat(due).isEqualTo(at("2026-12-08T00:00"));
        assertThat(VisitRules.daysOverdue(due, at("2026-12-08T23:59"), SHANGHAI)).isZero();
        assertThat(VisitRules.daysOverdue(due, at("2026-12-09T07:00"), SHANGHAI)).isEqualTo(1);
        // 07:00 in Xincheng is still the 8th in UTC: the day is the community's
        assertThat(at("2026-12-09T07:00").toString()).startsWith("2026-12-08");
    }

    @Test
    void aWeeklyResidentOneDayLateComesBeforeAMonthlyOneTwoDaysLateAndAtEqualUrgencyTheHigherTierFirst() {
        CarePolicy policy = CarePolicy.defaults();
        Instant due = at("2026-12-07T00:00");
        List<VisitRules.Urgency> list = new ArrayList<>(List.of(
                new VisitRules.Urgency(2, VisitRules.rhythmDays("CADENCE", RiskLevel.MEDIUM, policy), RiskLevel.MEDIUM, due, "Wu"),
                new VisitRules.Urgency(0, VisitRules.rhythmDays("CADENCE", RiskLevel.LOW, policy), RiskLevel.LOW, due, "Liu"),
                new VisitRules.Urgency(0, VisitRules.rhythmDays("CADENCE", RiskLevel.HIGH, policy), RiskLevel.HIGH, due, "Chen"),
                new VisitRules.Urgency(1, VisitRules.rhythmDays("CADENCE", RiskLevel.HIGH, policy), RiskLevel.HIGH, due, "Zhang")));

        list.sort(VisitRules.MOST_URGENT_FIRST);

        assertThat(list).extracting(VisitRules.Urgency::name).containsExactly("Zhang", "Wu", "Chen", "Liu");
    }

    @Test
    void aRetryIsDueWithinItsDaysAndAnEventVisitWithinItsHours() {
        assertThat(VisitRules.retryDue(at("2026-12-09T09:30"), SHANGHAI, 2)).isEqualTo(at("2026-12-11T00:00"));
        assertThat(VisitRules.eventDue(at("2026-12-09T09:30"), 24)).isEqualTo(at("2026-12-10T09:30"));
        assertThat(VisitRules.rhythmDays("SOMETHING_NEWER", null, CarePolicy.defaults())).isEqualTo(1);
    }
}
