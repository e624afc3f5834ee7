package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.DeviceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check-in through a whole hub with the test clock and a real unit over MQTT: Xincheng (Asia/Shanghai),
 * Zhang Min in grid 1 with unit bed-0001, worked by Wang; grid 2 worked by Li; a technician.
 */
class CheckInApiTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final MutableClock clock = new MutableClock(at("08:00"));
    private static TestHub hub;
    private static Resident zhang;
    private static Resident wu;
    private static DeviceRegistry.Enrolled unit;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-check-in-api-"), clock, config -> { });
        var community = hub.hub().people().community();
        Site site = community.addSite("Xincheng", SHANGHAI);
        Area grid1 = community.addArea(site.id(), "Grid 1");
        Area grid2 = community.addArea(site.id(), "Grid 2");
        zhang = community.saveResident(new Resident(null, grid1.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        wu = community.saveResident(new Resident(null, grid1.id(), "Wu Fang", "8 North Road", "1-1", null, "zh-CN", null,
                List.of(), Resident.RiskLevel.MEDIUM));
        unit = hub.hub().units().devices().create("bed-0001", "Zhang's unit", zhang.id()).join();
        staff("wang", Role.DUTY, site, grid1);
        staff("li-na", Role.DUTY, site, grid2);
        staff("tech", Role.TECHNICIAN, site, null);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    private static Instant at(String time) {
        return LocalDateTime.parse("2026-12-07T" + time).atZone(SHANGHAI).toInstant();
    }

    private static void staff(String name, Role role, Site site, Area grid) {
        hub.hub().people().staff().create(name, name, role, site.id(), null, name + "-password-1",
                grid == null ? List.of() : List.of(grid.id()), false).join();
    }

    private static TestConsole console(String name) throws Exception {
        return TestConsole.login(hub.hub().httpPort(), name, name + "-password-1");
    }

    private static void sweepAt(String time) throws Exception {
        clock.advance(Duration.between(clock.instant(), at(time)));
        hub.hub().care().checkIns().sweep().sweep();
    }

    private static long speaks() throws Exception {
        return hub.hub().units().commands().recent("bed-0001", 50).stream()
                .filter(sent -> sent.cmd() == CommandName.SPEAK).count();
    }

    private static List<Alarm> checkInCalls() throws Exception {
        return hub.hub().calls().alarms().openAlarmsOf("bed-0001").stream()
                .filter(alarm -> alarm.kind() == AlarmKind.CHECK_IN_MISSED).toList();
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> zhangOnToday(TestConsole console) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> found = new java.util.ArrayList<>();
        console.get("/api/today").body().path("checkIns").forEach(item -> {
            if (item.path("residentId").asText().equals(zhang.id())) {
                found.add(item);
            }
        });
        return found;
    }

    @Test
    void onlyCareStaffOfHerGridSetAPlanAndAConfirmationNamesWhoAndHow() throws Exception {
        String plan = "/api/residents/" + wu.id() + "/check-in";
        assertThat(console("tech").put(plan, "{\"enabled\":true}").status()).isEqualTo(403);
        assertThat(console("li-na").put(plan, "{\"enabled\":true}").status()).isEqualTo(404);
        TestConsole wang = console("wang");
        assertThat(wang.put(plan, "{\"enabled\":true,\"deadline\":\"25:00\"}").status()).isEqualTo(400);
        TestConsole.Answer saved = wang.put(plan, "{\"enabled\":true,\"awayFrom\":null,\"awayUntil\":null}");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text("deadline")).isEqualTo("10:00"); // the default, in her community's time zone
        assertThat(saved.text("timezone")).isEqualTo("Asia/Shanghai");

        String confirm = "/api/residents/" + wu.id() + "/check-ins/2026-12-07/confirm";
        TestConsole.Answer nameless = wang.post(confirm, "{\"by\":\"STAFF\",\"note\":\"phoned her\"}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body().path("fields").has("name")).isTrue();
        TestConsole.Answer noRelation = wang.post(confirm, "{\"by\":\"FAMILY\",\"name\":\"Wu Lei\"}");
        assertThat(noRelation.status()).isEqualTo(400);
        assertThat(noRelation.body().path("fields").has("relation")).isTrue();
        assertThat(wang.post("/api/residents/" + wu.id() + "/check-ins/2099-01-01/confirm",
                "{\"by\":\"STAFF\",\"name\":\"Wang\"}").status()).isEqualTo(400);
    }

    @Test
    void remindersThenTodayThenACallAtNoonWhichHerLatePressResolves() throws Exception {
        TestConsole wang = console("wang");
        assertThat(wang.put("/api/residents/" + zhang.id() + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}")
                .status()).isEqualTo(200);
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            sweepAt("09:00");
            device.send(new DeviceEvent(MessageIds.next(), EventKind.MOTION, "pir", at("09:00")));
            sweepAt("10:00");
            assertThat(speaks()).isEqualTo(1);
            sweepAt("10:10");
            assertThat(speaks()).isEqualTo(2);
            device.send(new DeviceEvent(MessageIds.next(), EventKind.MOTION, "pir", at("10:12")));

            sweepAt("10:15");
            var listed = zhangOnToday(wang);
            assertThat(listed).hasSize(1);
            assertThat(listed.getFirst().path("lastActivityAt").asText()).isNotEmpty(); // a hint, not a close
            assertThat(checkInCalls()).isEmpty(); // listed, not rung

            clock.advance(Duration.between(clock.instant(), at("10:50")));
            device.send(new DeviceEvent(MessageIds.next(), EventKind.MOTION, "pir", at("10:50")));
            sweepAt("11:00");
            TestConsole.Answer stillOpen = wang.get("/api/residents/" + zhang.id()
                    + "/check-ins?from=2026-12-07&to=2026-12-07");
            assertThat(stillOpen.body().get(0).path("state").asText()).as("motion from 09:00 to 11:00 closes nothing")
                    .isEqualTo("MISSED");
            assertThat(stillOpen.body().get(0).path("closedBy").isTextual()).as("nobody closed it").isFalse();
            assertThat(zhangOnToday(wang)).hasSize(1);

            sweepAt("12:00");
            assertThat(checkInCalls()).hasSize(1);
            assertThat(speaks()).isEqualTo(2);

            clock.advance(Duration.ofMinutes(7));
            device.send(new DeviceEvent(MessageIds.next(), EventKind.CHECK_IN, "check-in-key", at("12:07")));
            assertThat(checkInCalls()).isEmpty();
            TestConsole.Answer days = wang.get("/api/residents/" + zhang.id() + "/check-ins?from=2026-12-07&to=2026-12-07");
            assertThat(days.body().get(0).path("state").asText()).isEqualTo("CONFIRMED");
            assertThat(days.body().get(0).path("closedBy").asText()).isEqualTo("KEY");
            assertThat(days.body().get(0).path("late").asBoolean()).isTrue();
            assertThat(zhangOnToday(wang)).isEmpty();
        }
    }
}
