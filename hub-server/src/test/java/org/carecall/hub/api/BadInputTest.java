package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Site;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every writing path refuses bad input with a 400 that names the problem, and stores nothing. */
class BadInputTest {
    private static TestHub hub;
    private static TestConsole admin;
    private static Area area;
    private static String siteId;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        Site site = hub.hub().people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        area = hub.hub().people().community().addArea(site.id(), "Grid 1");
        siteId = site.id();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "POST|/api/sites|{not json|not valid JSON",
        "POST|/api/sites|[1,2]|must be a JSON object",
        "POST|/api/sites|{}|'name' is required",
        "POST|/api/sites|{\"name\":\"N\",\"timezone\":\"Mars/Olympus\"}|'timezone' must be a time zone",
        "POST|/api/areas|{\"name\":\"G\",\"siteId\":\"nope\"}|'siteId' names no community",
        "POST|/api/residents|{\"name\":5}|'areaId' is required; 'name' must be a string",
        "POST|/api/residents|{\"areaId\":\"nope\",\"name\":\"Li\"}|'areaId' names no grid",
        "POST|/api/staff|{\"username\":\"x\"}|'displayName' is required",
        "POST|/api/staff|{\"username\":\"Bad Name\",\"displayName\":\"B\",\"password\":\"long-enough-1\",\"role\":\"DUTY\"}|'username' must be 3 to 32",
        "POST|/api/staff|{\"username\":\"shorty\",\"displayName\":\"S\",\"password\":\"short\",\"role\":\"DUTY\"}|at least 10 characters",
        "POST|/api/staff|{\"username\":\"role-less\",\"displayName\":\"R\",\"password\":\"long-enough-1\",\"role\":\"KING\"}|'role' must be one of",
        "POST|/api/devices|{\"deviceId\":\"Not Valid\"}|'deviceId' must be 3 to 64",
        "POST|/api/devices/bed-x/commands|{\"cmd\":\"EXPLODE\"}|'cmd' must be one of",
        "POST|/api/shifts|{\"staffId\":\"s\",\"starts\":\"8am\",\"ends\":\"16:00\"}|'starts' must be a time of day",
        "POST|/api/shifts|{\"staffId\":\"s\",\"starts\":\"08:00\",\"ends\":\"16:00\"}|'weekday' is required",
        "POST|/api/shifts|{\"staffId\":\"s\",\"kind\":\"OFF\",\"starts\":\"00:00\",\"ends\":\"00:00\"}|'onDate' is required",
        "PUT|/api/escalation-policies/SITE|{\"care\":[{\"afterS\":5,\"audiences\":[\"GRID_DUTY\"]}],\"technical\":[{\"afterS\":0,\"audiences\":[\"TECHNICIANS\"]}],\"onSiteTimeoutS\":900}|the first step must be at 0 s",
        "PUT|/api/escalation-policies/SITE|{\"care\":[{\"afterS\":0,\"audiences\":[\"KING\"]}]}|audiences among",
        "PUT|/api/escalation-policies/SITE|{\"care\":[null],\"technical\":[{\"afterS\":0,\"audiences\":[null]}],\"onSiteTimeoutS\":900}|every step must be",
        "GET|/api/reports/response-times?from=yesterday||'from' must be an ISO-8601 time",
        "GET|/api/reports/response-times?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z||'from' must be before 'to'",
        "GET|/api/residents?limit=100000||'limit' must be between 1 and 500",
        "GET|/api/residents?offset=minus||'offset' must be a whole number",
    })
    void aBadRequestIsRefusedAndSaysWhy(String method, String path, String body, String expected) throws Exception {
        // A policy is checked once its community is known to be the caller's (SITE: the test's community).
        TestConsole.Answer answer = admin.send(method, path.replace("SITE", siteId), "GET".equals(method) ? null : body);

        assertThat(answer.status()).as(answer.toString()).isIn(400, 404);
        assertThat(answer.text("detail")).contains(expected);
        assertThat(answer.text("error")).isNotBlank();
    }

    @Test
    void goingOnDutyNeedsTrueOrFalse() throws Exception {
        hub.hub().people().staff().create("duty-one", "Duty One", org.carecall.hub.staff.Role.DUTY, null, null, "duty-password-1").join();
        TestConsole duty = TestConsole.login(hub.hub().httpPort(), "duty-one", "duty-password-1");

        TestConsole.Answer answer = duty.post("/api/duty", "{\"onDuty\":\"yes\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("'onDuty' must be true or false");
    }

    @Test
    void textThatLooksLikeSqlIsStoredAsText() throws Exception {
        String name = "Robert'); DROP TABLE resident; --";

        TestConsole.Answer created = admin.post("/api/residents", "{\"areaId\":\"" + area.id() + "\",\"name\":\""
                + name.replace("\"", "\\\"") + "\",\"healthNotes\":\"<script>alert(1)</script>\"}");

        assertThat(created.status()).isEqualTo(201);
        TestConsole.Answer read = admin.get("/api/residents/" + created.text("id"));
        assertThat(read.text("name")).isEqualTo(name);
        assertThat(read.text("healthNotes")).isEqualTo("<script>alert(1)</script>");
        assertThat(admin.get("/api/residents?areaId=" + area.id() + "'%20OR%20'1'='1").body().path("total").asInt()).isZero();
    }

    @Test
    void aWellFormedResidentFileIsStoredWholeAndCanBeChanged() throws Exception {
        TestConsole.Answer created = admin.post("/api/residents", """
                {"areaId":"%s","name":"Zhang Min","address":"3 Hongqi Lane","room":"2-101","dateOfBirth":"1941-03-08",
                 "healthNotes":"insulin at 8:00","riskLevel":"high",
                 "emergencyContacts":[{"name":"Zhang Wei","relation":"son","phone":"13800000000"}]}
                """.formatted(area.id()));
        assertThat(created.status()).isEqualTo(201);

        TestConsole.Answer changed = admin.put("/api/residents/" + created.text("id"), """
                {"areaId":"%s","name":"Zhang Min","room":"2-102","riskLevel":"MEDIUM"}""".formatted(area.id()));

        assertThat(changed.status()).isEqualTo(200);
        TestConsole.Answer read = admin.get("/api/residents/" + created.text("id"));
        assertThat(read.text("room")).isEqualTo("2-102");
        assertThat(read.text("riskLevel")).isEqualTo("MEDIUM");
        assertThat(admin.get("/api/residents?areaId=" + area.id()).body().path("total").asInt()).isGreaterThanOrEqualTo(1);
    }
}
