package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The care rounds through the API, on one hub with the test clock: Xincheng (Asia/Shanghai), grid 1 with
 * Zhang Min (HIGH) and Wu Fang (MEDIUM), worked by Wang; grid 2 worked by Li; a supervisor and a technician.
 */
class CareVisitsApiTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final MutableClock clock = new MutableClock(at("2026-12-01T10:00"));
    private static TestHub hub;
    private static Resident zhang;
    private static Resident wu;
    private static Area grid1;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-care-api-"), clock, config -> { });
        var community = hub.hub().community();
        Site site = community.addSite("Xincheng", SHANGHAI);
        grid1 = community.addArea(site.id(), "Grid 1");
        Area grid2 = community.addArea(site.id(), "Grid 2");
        zhang = community.saveResident(new Resident(null, grid1.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        wu = community.saveResident(new Resident(null, grid1.id(), "Wu Fang", "8 North Road", "1-1", null, "zh-CN", null,
                List.of(), Resident.RiskLevel.MEDIUM));
        staff("wang", Role.DUTY, site, grid1);
        staff("li-na", Role.DUTY, site, grid2);
        staff("sup", Role.SUPERVISOR, site, null);
        staff("tech", Role.TECHNICIAN, site, null);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private static void staff(String name, Role role, Site site, Area grid) {
        hub.hub().staff().create(name, name, role, site.id(), null, name + "-password-1",
                grid == null ? List.of() : List.of(grid.id()), false).join();
    }

    private static TestConsole console(String name) throws Exception {
        return TestConsole.login(hub.hub().httpPort(), name, name + "-password-1");
    }

    private static String visit(String id, String visitedAt, String outcome) {
        return "{\"id\":\"" + id + "\",\"visitedAt\":\"" + visitedAt + "\",\"method\":\"HOME\",\"outcome\":\"" + outcome
                + "\",\"domains\":{\"health\":{\"status\":\"OK\",\"note\":\"\"},\"safety\":{\"status\":\"CONCERN\","
                + "\"note\":\"gas hose cracked\"}},\"needs\":[{\"category\":\"REPAIR\",\"note\":\"gas hose\"}],\"note\":\"\"}";
    }

    @Test
    void theSameVisitPostedTwiceIsStoredOnceAndABadOneNamesItsFields() throws Exception {
        TestConsole wang = console("wang");
        String body = visit("01JF3V0000000000000000ZHNG", "2026-12-01T09:30:00+08:00", "SEEN");

        TestConsole.Answer first = wang.post("/api/residents/" + zhang.id() + "/visits", body);
        TestConsole.Answer again = wang.post("/api/residents/" + zhang.id() + "/visits", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo("01JF3V0000000000000000ZHNG");
        assertThat(first.body().path("domains").path("safety").path("status").asText()).isEqualTo("CONCERN");
        assertThat(first.text("visitor")).isEqualTo("wang");
        assertThat(wang.get("/api/residents/" + zhang.id() + "/visits").body()).hasSize(1);

        TestConsole.Answer bad = wang.post("/api/residents/" + zhang.id() + "/visits", "{\"id\":\"x-1\","
                + "\"visitedAt\":\"2027-01-01T09:00:00+08:00\",\"outcome\":\"SEEN\",\"domains\":{\"health\":"
                + "{\"status\":\"FINE\"}}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("fields").fieldNames()).toIterable()
                .contains("visitedAt", "method", "domains.health.status");
    }

    @Test
    void aVisitFromPaperShowsBothDatesAndAMajorChangeAsksForAVisitWithin24Hours() throws Exception {
        TestConsole sup = console("sup");

        TestConsole.Answer paper = sup.post("/api/residents/" + wu.id() + "/visits",
                visit("01JF3V00000000000000000WU1", "2026-11-07T15:00:00+08:00", "SEEN"));
        assertThat(paper.status()).isEqualTo(201);
        assertThat(paper.text("visitedAt")).isEqualTo(at("2026-11-07T15:00").toString());
        assertThat(paper.text("enteredAt")).isEqualTo(clock.instant().toString());
        assertThat(paper.body().path("lateEntry").asBoolean()).isTrue();

        TestConsole.Answer change = sup.post("/api/residents/" + wu.id() + "/events",
                "{\"kind\":\"FALL\",\"note\":\"fell in the kitchen\"}");
        assertThat(change.status()).isEqualTo(201);
        var event = java.util.stream.StreamSupport.stream(sup.get("/api/residents/" + wu.id() + "/visit-tasks").body()
                .spliterator(), false).filter(task -> task.path("kind").asText().equals("EVENT")).findFirst().orElseThrow();
        assertThat(Instant.parse(event.path("dueAt").asText())).isBeforeOrEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(sup.post("/api/residents/" + wu.id() + "/events", "{\"kind\":\"PARTY\"}").status()).isEqualTo(400);
    }

    @Test
    void aTechnicianGets403AndADutyWorkerOfAnotherGridFindsNoVisits() throws Exception {
        TestConsole tech = console("tech");
        TestConsole li = console("li-na");

        assertThat(tech.get("/api/residents/" + zhang.id() + "/visits").status()).isEqualTo(403);
        assertThat(tech.post("/api/residents/" + zhang.id() + "/visits",
                visit("t-1", "2026-12-01T09:00:00+08:00", "SEEN")).status()).isEqualTo(403);
        assertThat(tech.get("/api/residents/" + zhang.id() + "/visit-tasks").status()).isEqualTo(403);
        assertThat(li.get("/api/residents/" + zhang.id() + "/visits").status()).isEqualTo(404);
        assertThat(li.post("/api/residents/" + zhang.id() + "/visits",
                visit("l-1", "2026-12-01T09:00:00+08:00", "SEEN")).status()).isEqualTo(404);
    }
}
