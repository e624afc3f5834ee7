package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.checkin.CheckInHubs.DAY;
import static org.carecall.hub.checkin.CheckInHubs.at;
import static org.carecall.hub.checkin.CheckInHubs.sweepAt;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceEvent;
import org.junit.jupiter.api.Test;

/**
 * An offline unit on a whole hub with the test clock and the default supervision (offline after 180 s of
 * silence): Zhang Min's unit goes silent at 09:30, so no reminder is sent at 10:00 or 10:10 (none stored);
 * the ladder runs on and lists her at 10:15. Her press made at 09:50 reaches the hub at 10:40 when the unit
 * is back: it closes the day as KEY at 09:50, shown late, and the month's report counts the day missed.
 */
class CheckInOfflineTest {
    private final MutableClock clock = new MutableClock(at("08:00"));

    @Test
    void aUnitSilentFrom0930GetsNoReminderAndItsPressArrivingAt1040CountsMissed() throws Exception {
        try (TestHub hub = TestHub.start(Files.createTempDirectory("carecall-check-in-offline-"), clock, config -> { })) {
            TestCommunity xincheng = CheckInHubs.withWangOnDuty(hub);
            TestConsole wang = xincheng.console("wang");
            String zhang = "/api/residents/" + xincheng.zhang().id();
            String unit = xincheng.unit().deviceId();
            assertThat(wang.put(zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}").status()).isEqualTo(200);
            TestDevice device = xincheng.connectUnit();
            sweepAt(hub, clock, "09:00");
            clock.advance(Duration.between(clock.instant(), at("09:30")));
            device.close(); // silent from 09:30: the press at 09:50 waits in its outbox
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !hub.hub().units().presence().status(unit).orElseThrow().online());

            sweepAt(hub, clock, "10:00");
            sweepAt(hub, clock, "10:10");
            sweepAt(hub, clock, "10:15");
            assertThat(hub.hub().units().commands().recent(unit, 50))
                    .noneMatch(sent -> sent.cmd() == CommandName.SPEAK);
            CheckIns store = hub.hub().care().checkIns().store();
            assertThat(store.steps(xincheng.zhang().id(), LocalDate.parse(DAY)))
                    .containsEntry("REMIND:0", "OFFLINE").containsEntry("REMIND:1", "OFFLINE").containsKey("LIST");

            clock.advance(Duration.between(clock.instant(), at("10:40")));
            try (TestDevice back = xincheng.connectUnit()) {
                back.send(new DeviceEvent("01JF3V00000000000000000Q50", EventKind.CHECK_IN, "check-in-key", at("09:50")));
            }
            JsonNode day = wang.get(zhang + "/check-ins?from=" + DAY + "&to=" + DAY).body().get(0);
            assertThat(day.path("state").asText()).isEqualTo("CONFIRMED");
            assertThat(day.path("closedBy").asText()).isEqualTo("KEY");
            assertThat(Instant.parse(day.path("closedAt").asText())).isEqualTo(at("09:50"));
            assertThat(day.path("late").asBoolean()).as("shown as late").isTrue();

            JsonNode report = hub.admin().get("/api/reports/care?month=2026-12&siteId=" + xincheng.site().id()).body();
            JsonNode grid = null;
            for (JsonNode row : report.path("checkIns")) {
                if (xincheng.grid().id().equals(row.path("areaId").asText())) {
                    grid = row;
                }
            }
            assertThat(grid).as(report.toString()).isNotNull();
            assertThat(grid.path("expected").asInt()).isEqualTo(1);
            assertThat(grid.path("onTime").asInt()).as("a press made at 09:50 that arrived at 10:40").isZero();
            assertThat(grid.path("missed").asInt()).isEqualTo(1);
        }
    }
}
