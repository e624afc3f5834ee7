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
        var community = hub.hub().people().community();
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
        hub.hub().people().staff().create(name, name, role, site.id(), null, name + "-password-1",
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
    void aGridWorkersTodayListsHerOverdueVisitsMostUrgentFirstAndAVisitTakesOneOff() throws Exception {
        var community = hub.hub().people().community();
        Area grid3 = community.addArea(grid1.siteId(), "Grid 3");
        Resident zhou = community.saveResident(new Resident(null, grid3.id(), "Zhou Lan", "Zhou Lan", "12 East Lane",
                "3-302", "+86 138 0000 0003", null, List.of("zh-CN"), null, null, null, List.of(),
                Resident.RiskLevel.HIGH, false));
        Resident sun = community.saveResident(new Resident(null, grid3.id(), "Sun Li", "14 East Lane", "1-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.MEDIUM));
        hub.hub().people().staff().create("zhao", "Zhao", Role.DUTY, grid1.siteId(), null, "zhao-password-1",
                List.of(grid3.id()), false).join();
        TestConsole zhao = console("zhao");
        assertThat(zhao.post("/api/residents/" + zhou.id() + "/visits",
                visit("01JF3V0000000000000000ZHOU", "2026-12-01T10:00:00+08:00", "SEEN")).status()).isEqualTo(201);
        assertThat(zhao.post("/api/residents/" + sun.id() + "/visits",
                visit("01JF3V00000000000000000SUN", "2026-11-07T10:00:00+08:00", "SEEN")).status()).isEqualTo(201);

        clock.advance(Duration.between(clock.instant(), at("2026-12-09T07:00")));
        zhao = console("zhao");
        TestConsole.Answer today = zhao.get("/api/today");

        assertThat(today.status()).isEqualTo(200);
        var visits = today.body().path("visits");
        assertThat(visits).hasSize(2);
        assertThat(visits.get(0).path("name").asText()).isEqualTo("Zhou Lan");
        assertThat(visits.get(0).path("daysOverdue").asInt()).isEqualTo(1);
        assertThat(visits.get(0).path("address").asText()).isEqualTo("12 East Lane");
        assertThat(visits.get(0).path("phone").asText()).isEqualTo("+86 138 0000 0003");
        assertThat(visits.get(1).path("name").asText()).isEqualTo("Sun Li");
        assertThat(visits.get(1).path("daysOverdue").asInt()).isEqualTo(2);

        // The supervisor sees the community's, grid by grid, and may narrow to one.
        TestConsole sup = console("sup");
        assertThat(sup.get("/api/today").body().path("visits").findValuesAsText("gridName")).contains("Grid 3", "Grid 1");
        assertThat(sup.get("/api/today?areaId=" + grid3.id()).body().path("visits")).hasSize(2);
        assertThat(console("tech").get("/api/today").status()).isEqualTo(403);

        assertThat(zhao.post("/api/residents/" + zhou.id() + "/visits",
                visit("01JF3V000000000000000ZHOU2", "2026-12-09T06:50:00+08:00", "SEEN")).status()).isEqualTo(201);
        assertThat(zhao.get("/api/today").body().path("visits").findValuesAsText("name")).containsExactly("Sun Li");
    }

    @Test
    void theMonthlyReportComesAsCsvWithAByteOrderMarkAndTheFileHasACareSection() throws Exception {
        TestConsole sup = console("sup");
        var csv = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + hub.hub().httpPort() + "/api/reports/care?month=2026-12"
                                + "&format=csv")).header("Authorization", "Bearer " + sup.token()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(java.util.Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("高风险").contains("合计");
        TestConsole.Answer json = sup.get("/api/reports/care?month=2026-12");
        assertThat(json.body().path("tiers").path("HIGH").has("rate")).isTrue();
        assertThat(sup.get("/api/reports/care?month=December").status()).isEqualTo(400);

        TestConsole.Answer care = console("wang").get("/api/residents/" + zhang.id() + "/care");
        assertThat(care.status()).isEqualTo(200);
        assertThat(care.text("tier")).isEqualTo("HIGH");
        assertThat(care.body().path("visitDays").asInt()).isEqualTo(7);
        assertThat(console("tech").get("/api/residents/" + zhang.id() + "/care").status()).isEqualTo(403);
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
