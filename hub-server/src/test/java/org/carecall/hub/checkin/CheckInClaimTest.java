package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.checkin.CheckInHubs.DAY;
import static org.carecall.hub.checkin.CheckInHubs.at;
import static org.carecall.hub.checkin.CheckInHubs.sweepAt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.Test;

/**
 * "I'm on it" through the API on a whole hub with the test clock and her unit connected: Zhang Min does not
 * check in by 10:00, is on Wang's Today at 10:15, and Wang's claim at 11:00 means no CHECK_IN_MISSED call at
 * 12:00 and no family step at 13:00; she stays on Today, his, until somebody closes the day.
 */
class CheckInClaimTest {
    private final MutableClock clock = new MutableClock(at("08:00"));

    @Test
    void aWorkersClaimAt1100MeansNoCallAtNoonAndNoFamilyStep() throws Exception {
        try (TestHub hub = CheckInHubs.start(clock, "check-in-claim")) {
            TestCommunity xincheng = CheckInHubs.withWangOnDuty(hub);
            TestConsole wang = xincheng.console("wang");
            String zhang = "/api/residents/" + xincheng.zhang().id();
            assertThat(wang.put(zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}").status()).isEqualTo(200);
            try (TestDevice device = xincheng.connectUnit()) {
                for (String time : new String[] {"09:00", "10:00", "10:10", "10:15"}) {
                    sweepAt(hub, clock, time);
                }
                assertThat(wang.post(zhang + "/check-ins/2026-12-06/claim", null).status())
                        .as("no open day to claim yesterday").isEqualTo(409);
                clock.advance(Duration.between(clock.instant(), at("11:00")));
                TestConsole.Answer claimed = wang.post(zhang + "/check-ins/" + DAY + "/claim", null);
                assertThat(claimed.status()).isEqualTo(200);
                assertThat(claimed.text("claimedBy")).isEqualTo("Wang Li");

                sweepAt(hub, clock, "12:00");
                sweepAt(hub, clock, "13:00");
                sweepAt(hub, clock, "13:30");
                assertThat(hub.hub().calls().alarms().openAlarmsOf(device.id()))
                        .noneMatch(alarm -> alarm.kind() == AlarmKind.CHECK_IN_MISSED);
                JsonNode day = wang.get(zhang + "/check-ins?from=" + DAY + "&to=" + DAY).body().get(0);
                assertThat(day.path("state").asText()).isEqualTo("MISSED");
                assertThat(day.path("alarmId").isTextual()).isFalse();
                assertThat(day.path("familyDueAt").isTextual()).as("no family step after a claim").isFalse();
                assertThat(hub.hub().care().checkIns().store().steps(xincheng.zhang().id(), java.time.LocalDate.parse(DAY)))
                        .containsOnlyKeys("REMIND:0", "REMIND:1", "LIST");
                assertThat(wang.get("/api/today").body().path("checkIns").findValuesAsText("residentId"))
                        .as("still on Today until somebody closes the day").contains(xincheng.zhang().id());
            }
        }
    }
}
