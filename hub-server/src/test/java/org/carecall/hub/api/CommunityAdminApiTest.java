package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Setting up a community through the API the console's management screens use: grids, files, accounts,
 * units, the week's roster with its gaps, policies with a preview, and the audit of who changed what.
 * Every refusal names its field with a code the console puts in words, and changes nothing.
 */
class CommunityAdminApiTest {
    private TestHub hub;
    private TestConsole admin;
    private String siteId;
    private String gridId;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        siteId = admin.post("/api/sites", "{\"name\":\"Xincheng\",\"timezone\":\"Asia/Shanghai\"}").text("id");
        gridId = admin.post("/api/areas", "{\"siteId\":\"" + siteId + "\",\"name\":\"Building 3\"}").text("id");
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    private String resident(String name, String latin, String risk) {
        return """
                {"areaId":"%s","name":"%s","nameLatin":"%s","address":"3 Hongqi Lane","room":"2-101",
                 "phone":"138 0013 8000","dateOfBirth":"1941-03-08","languages":["zh-CN","en"],
                 "healthNotes":"diabetic","medicines":"metformin","mobility":"walks with a frame","riskLevel":"%s",
                 "emergencyContacts":[{"name":"Zhang Wei","relation":"son","phone":"139 0000 0001"},
                                      {"name":"Li Hua","relation":"neighbour","phone":"139 0000 0002"}]}
                """.formatted(gridId, name, latin, risk);
    }

    @Test
    void aFileHoldsEverythingStaffNeedAndIsFoundByNameRiskAndUnit() throws Exception {
        TestConsole.Answer created = admin.post("/api/residents", resident("张敏", "Zhang Min", "HIGH"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        admin.post("/api/residents", resident("王芳", "Wang Fang", "LOW"));
        String unit = admin.post("/api/devices", "{\"residentId\":\"" + id + "\",\"label\":\"bedside\"}").text("deviceId");

        JsonNode file = admin.get("/api/residents/" + id).body();
        assertThat(file.path("phone").asText()).isEqualTo("138 0013 8000");
        assertThat(file.path("emergencyContacts").get(1).path("relation").asText()).isEqualTo("neighbour");
        assertThat(file.path("languages").toString()).isEqualTo("[\"zh-CN\",\"en\"]");
        assertThat(file.path("devices").get(0).path("deviceId").asText()).isEqualTo(unit);

        assertThat(admin.get("/api/residents?q=zhang").body().path("total").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/residents?q=%E7%8E%8B").body().path("items").get(0).path("name").asText()).isEqualTo("王芳");
        assertThat(admin.get("/api/residents?risk=LOW").body().path("total").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/residents?deviceId=" + unit).body().path("items").get(0).path("id").asText()).isEqualTo(id);

        assertThat(admin.post("/api/residents/" + id + "/archive", "{}").status()).isEqualTo(200);
        assertThat(admin.get("/api/residents").body().path("total").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/residents?archived=true").body().path("items").get(0).path("id").asText()).isEqualTo(id);
        assertThat(admin.get("/api/audit?actor=admin").body().toString()).contains("resident.created", "resident.archived",
                "device.created");
    }

    @Test
    void everyBadFieldIsNamedWithACodeAndNothingIsStored() throws Exception {
        TestConsole.Answer refused = admin.post("/api/residents", """
                {"areaId":"%s","name":"","phone":"call me","dateOfBirth":"1941-13-40","riskLevel":"EXTREME",
                 "emergencyContacts":[{"name":"Zhang Wei","phone":""}]}""".formatted(gridId));

        assertThat(refused.status()).isEqualTo(400);
        JsonNode fields = refused.body().path("fields");
        assertThat(fields.path("name").path("code").asText()).isEqualTo("required");
        assertThat(fields.path("phone").path("code").asText()).isEqualTo("phone");
        assertThat(fields.path("dateOfBirth").path("code").asText()).isEqualTo("date");
        assertThat(fields.path("riskLevel").path("code").asText()).isEqualTo("choice");
        assertThat(fields.path("emergencyContacts.1.phone").path("code").asText()).isEqualTo("required");
        assertThat(admin.get("/api/residents").body().path("total").asInt()).isZero();

        TestConsole.Answer policy = admin.send("PUT", "/api/escalation-policies/" + siteId, """
                {"care":[{"afterS":0,"audiences":["GRID_DUTY"]},{"afterS":999999,"audiences":[]}],
                 "technical":[{"afterS":0,"audiences":["TECHNICIANS"]}],"onSiteTimeoutS":10}""");
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.body().path("fields").path("care.2.afterS").path("code").asText()).isEqualTo("range");
        assertThat(policy.body().path("fields").path("care.2.afterS").path("min").asInt()).isZero();
        assertThat(policy.body().path("fields").path("onSiteTimeoutS").path("min").asInt()).isEqualTo(60);
        assertThat(policy.body().path("fields").path("care.2.audiences").path("code").asText()).isEqualTo("no-audience");
        assertThat(policy.body().path("fields").path("onSiteTimeoutS").path("code").asText()).isEqualTo("range");
        assertThat(admin.get("/api/escalation-policies/" + siteId).body().path("onSiteTimeoutS").asInt()).isEqualTo(900);
    }

    @Test
    void anAccountChoosesItsOwnPasswordAndADisabledOneIsLoggedOutAtOnce() throws Exception {
        TestConsole.Answer created = admin.post("/api/staff", """
                {"username":"li.na","displayName":"Li Na","password":"first-password-1","role":"DUTY",
                 "siteId":"%s","phone":"138 0000 1111","grids":["%s"]}""".formatted(siteId, gridId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().path("gridNames").get(0).asText()).isEqualTo("Building 3");
        String id = created.text("id");
        TestConsole.Answer login = TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                "{\"username\":\"li.na\",\"password\":\"first-password-1\"}");
        assertThat(login.body().path("mustChangePassword").asBoolean()).isTrue();
        assertThat(admin.get("/api/staff").body().toString()).contains("\"loggedIn\":true");

        String reset = admin.post("/api/staff/" + id + "/password", null).text("password");
        TestConsole worker = TestConsole.login(hub.hub().httpPort(), "li.na", reset);
        assertThat(worker.get("/api/me").status()).isEqualTo(200);

        assertThat(admin.post("/api/staff/" + id + "/disabled", "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(worker.get("/api/me").status()).isEqualTo(401);
        assertThat(admin.get("/api/audit?actor=admin").body().toString()).contains("staff.created", "password.reset",
                "staff.disabled");
    }

    @Test
    void theWeekShowsEachGridsGapsAndThePreviewNamesWhoWouldRing() throws Exception {
        String id = admin.post("/api/staff", """
                {"username":"li.na","displayName":"Li Na","password":"first-password-1","role":"DUTY",
                 "siteId":"%s","grids":["%s"]}""".formatted(siteId, gridId)).text("id");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        TestConsole.Answer shift = admin.post("/api/shifts", """
                {"staffId":"%s","areaId":"%s","kind":"WEEKLY","weekday":"%s","starts":"08:00","ends":"16:00"}"""
                .formatted(id, gridId, today.getDayOfWeek()));
        assertThat(shift.status()).as(shift.toString()).isEqualTo(201);

        JsonNode week = admin.get("/api/roster/week?siteId=" + siteId + "&from=" + today).body();
        JsonNode day = week.path("grids").get(0).path("days").get(0);
        assertThat(day.path("gaps").toString()).isEqualTo("[\"00:00–08:00\",\"16:00–24:00\"]");
        assertThat(day.path("shifts").get(0).path("staffName").asText()).isEqualTo("Li Na");
        assertThat(week.path("grids").get(0).path("days").get(1).path("gaps").toString()).isEqualTo("[\"00:00–24:00\"]");

        admin.post("/api/duty", "{\"onDuty\":true}"); // an admin is not on duty: refused, changes nothing
        TestConsole worker = TestConsole.login(hub.hub().httpPort(), "li.na", "first-password-1");
        // a new account chooses its own password before it may go on duty; outside her shift only the toggle counts
        assertThat(worker.post("/api/me/password", "{\"current\":\"first-password-1\",\"new\":\"li-na-password-2\"}")
                .status()).isEqualTo(200);
        TestConsole.Answer onDuty = worker.post("/api/duty", "{\"onDuty\":true}");
        assertThat(onDuty.status()).as(onDuty.toString()).isEqualTo(200);
        JsonNode preview = admin.post("/api/escalation-policies/" + siteId + "/preview",
                "{\"areaId\":\"" + gridId + "\"}").body();
        assertThat(preview.path("care").get(0).path("people").get(0).path("displayName").asText()).isEqualTo("Li Na");
        assertThat(preview.path("care").get(0).path("people").get(0).path("consoleOpen").asBoolean()).isFalse();
        // Her console closed and no outside channel: step 1 reaches nobody, as escalation would count it, and
        // so does the last step ("every console" with none open), whose outside channel is not configured.
        JsonNode last = preview.path("care").get(2);
        assertThat(preview.path("care").get(0).path("reachesNobody").asBoolean()).isTrue();
        assertThat(last.path("reachesNobody").asBoolean()).isTrue();
        assertThat(last.path("outsideUnconfigured").asBoolean()).isTrue();
        assertThat(preview.path("care").get(0).path("outsideUnconfigured").asBoolean()).isFalse();

        try (TestLiveConsole live = new TestLiveConsole(hub.hub().httpPort())) {
            live.auth(worker.token());
            assertThat(live.next("ready", Duration.ofSeconds(10))).isNotNull();
            JsonNode open = admin.post("/api/escalation-policies/" + siteId + "/preview",
                    "{\"areaId\":\"" + gridId + "\"}").body();
            assertThat(open.path("care").get(0).path("reachesNobody").asBoolean()).as("her console is open").isFalse();
            assertThat(open.path("care").get(2).path("reachesNobody").asBoolean()).as("a console that sees the grid")
                    .isFalse();
            assertThat(open.path("care").get(2).path("outsideUnconfigured").asBoolean()).isTrue();
        }
    }

    @Test
    void aCommunityChoosesWhatALockedPhoneShowsOfACallByDefaultTheGridOnly() throws Exception {
        assertThat(admin.get("/api/sites").body().get(0).path("lockScreen").asText()).isEqualTo("grid");

        TestConsole.Answer wrong = admin.put("/api/sites/" + siteId + "/lock-screen", "{\"lockScreen\":\"everything\"}");
        TestConsole.Answer chosen = admin.put("/api/sites/" + siteId + "/lock-screen", "{\"lockScreen\":\"kind\"}");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("fields").path("lockScreen").path("code").asText()).isEqualTo("choice");
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(admin.get("/api/sites").body().get(0).path("lockScreen").asText()).isEqualTo("kind");
        assertThat(admin.get("/api/audit?actor=admin").body().toString()).contains("site.lock-screen");
    }

    @Test
    void theLogSaysWhichFileChangedByIdNeverTheResidentsNameOrAddress() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.carecall");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            String id = admin.post("/api/residents", resident("张敏", "Zhang Min", "HIGH")).text("id");
            admin.put("/api/residents/" + id, resident("张敏", "Zhang Min", "LOW"));
            admin.post("/api/residents/" + id + "/archive", "{}");

            assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.contains("resident.created") && line.contains(id))
                    .noneMatch(line -> line.contains("张敏") || line.contains("Zhang Min") || line.contains("Hongqi"));
            assertThat(admin.get("/api/audit?actor=admin").body().toString()).as("the audit keeps the name")
                    .contains("张敏");
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void anEnrolmentCodeComesWithItsCommandLineAsAQrCode() throws Exception {
        String unit = admin.post("/api/devices", "{}").text("deviceId");
        TestConsole.Answer code = admin.post("/api/devices/" + unit + "/enrolment-code", "{\"hub\":\"192.168.1.10:8443\"}");

        assertThat(code.text("command")).isEqualTo("carecall-agent provision enrol --hub https://192.168.1.10:8443 --code "
                + code.text("code") + " --pin " + hub.hub().tls().pin());
        assertThat(code.text("qrSvg")).startsWith("<svg").contains("<path");
        assertThat(admin.post("/api/devices/" + unit + "/enrolment-code", "{\"hub\":\"<script>\"}").status()).isEqualTo(400);
    }
}
