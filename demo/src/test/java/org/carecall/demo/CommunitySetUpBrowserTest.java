package org.carecall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * A community set up from an empty hub through the console alone, in a real Chromium at phone size: an
 * administrator creates a community and a grid, a duty worker and a resident with two contacts, adds her
 * unit and reads its enrolment code; the command the console shows enrols a simulated unit; the worker is
 * put on duty in the roster screen; a press on that unit rings the worker's console. Each form first gets
 * bad input, which is answered beside the field and stores nothing.
 */
class CommunitySetUpBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private Browser admin;
    private Agent unit;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        admin = Browser.phone();
        admin.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        admin.click("#lang");
        admin.login("admin", TestHub.ADMIN_PASSWORD); // and starts alerts: their card would cover the forms' foot
    }

    @AfterEach
    void stop() throws Exception {
        if (unit != null) {
            unit.close();
        }
        admin.close();
        hub.close();
    }

    @Test
    void anAdministratorSetsUpACommunityInTheConsoleAndAPressOnItsNewUnitRingsTheWorker() throws Exception {
        TestConsole api = hub.admin();

        // A community and a grid; a grid without a name is refused beside the field.
        admin.click("[data-tab=policies]");
        admin.type("#site-form input[name=name]", "Riverside");
        admin.click("#site-form button[type=submit]");
        admin.until(WAIT, () -> admin.text("#site-list").contains("Riverside"));
        admin.click("#area-form button[type=submit]");
        assertThat(admin.fieldError("#area-form", "name", WAIT)).isEqualTo("Required.");
        assertThat(api.get("/api/areas").body().size()).isZero();
        admin.type("#area-form input[name=name]", "Building 3");
        admin.click("#area-form button[type=submit]");
        admin.until(WAIT, () -> admin.text("#site-list").contains("Building 3"));
        String siteId = api.get("/api/sites").body().get(0).path("id").asText();

        // A duty worker: a user name with capitals and spaces is refused, then one is made.
        admin.click("[data-tab=staff]");
        admin.click("#new-staff");
        admin.type("#staff-form input[name=username]", "Li Na");
        admin.type("#staff-form input[name=displayName]", "Li Na");
        new Select(admin.find("#staff-form select[name=siteId]")).selectByVisibleText("Riverside");
        admin.click("#staff-grids input[type=checkbox]");
        admin.type("#staff-form input[name=password]", "first-password-1");
        admin.click("#staff-form button[type=submit]");
        assertThat(admin.fieldError("#staff-form", "username", WAIT)).contains("lower-case letters");
        assertThat(api.get("/api/staff").body().size()).as("only admin").isEqualTo(1);
        admin.type("#staff-form input[name=username]", "lina");
        admin.click("#staff-form button[type=submit]");
        admin.until(WAIT, () -> admin.exists("#staff-rows tr[data-username=lina]"));
        assertThat(admin.text("#notice-text")).contains("first-password-1");
        admin.click("#notice button[data-close]");
        assertThat(admin.text("#staff-rows tr[data-username=lina]")).contains("Duty staff").contains("Building 3")
                .contains("not logged in");

        // Her file, with two contacts in order; a contact's wrong phone number is refused beside it.
        admin.click("[data-tab=residents]");
        admin.click("#new-resident");
        admin.click("#resident-form button[type=submit]");
        assertThat(admin.fieldError("#resident-form", "name", WAIT)).isEqualTo("Required.");
        assertThat(admin.fieldError("#resident-form", "areaId", WAIT)).isEqualTo("Required.");
        admin.type("#resident-form input[name=name]", "张秀英");
        admin.type("#resident-form input[name=nameLatin]", "Zhang Xiuying");
        new Select(admin.find("#resident-form select[name=areaId]")).selectByVisibleText("Building 3");
        admin.type("#resident-form input[name=room]", "3-502");
        admin.type("#resident-form input[name=phone]", "021 5555 0101");
        admin.type("#resident-form textarea[name=healthNotes]", "Diabetes; walks with a frame");
        admin.click("#add-contact");
        admin.click("#add-contact");
        admin.type("[data-field='emergencyContacts.1.name']", "Zhang Wei");
        admin.type("[data-field='emergencyContacts.1.relation']", "son");
        admin.type("[data-field='emergencyContacts.1.phone']", "138 0013 8000");
        admin.type("[data-field='emergencyContacts.2.name']", "Liu Fang");
        admin.type("[data-field='emergencyContacts.2.phone']", "call her");
        admin.click("#resident-form button[type=submit]");
        assertThat(admin.fieldError("#resident-form", "emergencyContacts.2.phone", WAIT)).contains("phone number");
        assertThat(api.get("/api/residents").body().path("total").asInt()).isZero();
        admin.screenshot(SCREENSHOTS.resolve("setup-resident-refused.png"));
        admin.type("[data-field='emergencyContacts.2.phone']", "139 0000 1111");
        admin.click("#resident-form button[type=submit]");
        admin.until(WAIT, () -> admin.find("#file").isDisplayed() && admin.text("#file-name").contains("Zhang Xiuying"));
        assertThat(admin.text("#file-contacts")).contains("Zhang Wei (son) 138 0013 8000");
        assertThat(admin.text("#file-contacts").indexOf("Zhang Wei")).isLessThan(admin.text("#file-contacts").indexOf("Liu Fang"));
        admin.click("#file button.primary[data-close]");
        JsonNode file = api.get("/api/residents").body().path("items").get(0);
        assertThat(file.path("emergencyContacts").size()).isEqualTo(2);
        assertThat(file.path("phone").asText()).isEqualTo("021 5555 0101");

        // Her unit, and its one-time code: large, as a QR code, and as the command line to type.
        admin.click("[data-tab=devices]");
        admin.click("#new-device");
        admin.type("#device-form input[name=deviceId]", "Bed One!");
        admin.click("#device-form button[type=submit]");
        assertThat(admin.fieldError("#device-form", "deviceId", WAIT)).contains("lower-case letters");
        admin.type("#device-form input[name=deviceId]", "");
        admin.type("#device-form input[name=label]", "bedroom");
        new Select(admin.find("#device-form select[name=residentId]")).selectByVisibleText("张秀英 · Room 3-502");
        admin.click("#device-form button[type=submit]");
        admin.until(WAIT, () -> admin.find("#enrolment").isDisplayed());
        String code = admin.text("#enrolment-code");
        assertThat(code).matches("[A-Z2-9]{5}-[A-Z2-9]{5}");
        assertThat(admin.exists("#enrolment-qr svg")).isTrue();
        String command = admin.text("#enrolment-command");
        assertThat(command).isEqualTo("carecall-agent provision enrol --hub https://127.0.0.1:" + hub.hub().httpsPort()
                + " --code " + code + " --pin " + hub.hub().tls().pin());
        admin.screenshot(SCREENSHOTS.resolve("setup-enrolment-code.png"));
        admin.click("#enrolment button[data-close]");

        // The command the console showed, run as the technician runs it at the bedside.
        Path config = Files.createTempDirectory("carecall-unit-").resolve("agent.yaml");
        Files.writeString(config, "feedback:\n  player: \"\"\n");
        String output = provision(command, config);
        String deviceId = api.get("/api/devices").body().get(0).path("deviceId").asText();
        assertThat(output).contains("Enrolled as " + deviceId);
        unit = Agent.start(AgentConfigLoader.load(config, Map.of("CARECALL_DATA_DIR",
                Files.createTempDirectory("carecall-unit-data-").toString()), true), Clock.systemUTC());
        admin.until(WAIT, () -> unit.link().connected());

        // A self-test from the devices screen: the unit's own answer appears there.
        admin.click("[data-tab=roster]");
        admin.click("[data-tab=devices]");
        String row = "#device-rows tr[data-device-id='" + deviceId + "']";
        admin.until(WAIT, () -> admin.exists(row) && admin.text(row).contains("online"));
        assertThat(admin.text(row)).contains("张秀英");
        admin.click(row + " button[data-action=SELFTEST]");
        admin.until(WAIT, () -> admin.text("#device-message").contains("answered"));
        assertThat(admin.text("#device-message")).contains("The unit bedroom answered: Self-test passed").contains("link: connected");

        // The roster: the grid's gaps are red until she is on duty; a shift ending when it starts is refused.
        admin.click("[data-tab=roster]");
        admin.until(WAIT, () -> admin.exists("#week .grid-week td.gap"));
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        new Select(admin.find("#shift-form select[name=staffId]")).selectByVisibleText("Li Na · Duty staff");
        new Select(admin.find("#shift-form select[name=areaId]")).selectByVisibleText("Building 3");
        new Select(admin.find("#shift-form select[name=kind]")).selectByValue("ONE_OFF");
        admin.type("#shift-form input[name=onDate]", today);
        admin.type("#shift-form input[name=starts]", "08:00");
        admin.type("#shift-form input[name=ends]", "08:00");
        admin.click("#shift-form button[type=submit]");
        assertThat(admin.fieldError("#shift-form", "ends", WAIT)).isEqualTo("Start and end cannot be the same.");
        assertThat(api.get("/api/shifts").body().size()).isZero();
        admin.type("#shift-form input[name=starts]", "00:00");
        admin.type("#shift-form input[name=ends]", "00:00");
        admin.click("#shift-form button[type=submit]");
        String day = "#week tr[data-date='" + today + "']";
        admin.until(WAIT, () -> admin.exists(day) && admin.text(day).contains("Li Na"));
        assertThat(admin.text(day)).contains("Covered all day");
        admin.script("document.querySelector(arguments[0]).closest('.grid-week').scrollIntoView()", day);
        admin.screenshot(SCREENSHOTS.resolve("setup-roster-week.png"));

        // The worker's first login: her own password, the start-duty tap, and the press rings her phone.
        try (Browser lina = Browser.phone()) {
            lina.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            lina.click("#lang");
            lina.find("#login input[name=username]").sendKeys("lina");
            lina.find("#login input[name=password]").sendKeys("first-password-1");
            lina.click("#login button[type=submit]");
            lina.until(WAIT, () -> lina.find("#change-password").isDisplayed());
            lina.find("#change-password input[name=current]").sendKeys("first-password-1");
            lina.find("#change-password input[name=new]").sendKeys("lina-own-password");
            lina.click("#change-password button[type=submit]");
            lina.until(WAIT, () -> "up".equals(lina.attribute("#link", "data-state")));
            lina.click("#start-button");
            lina.until(WAIT, () -> "on".equals(lina.attribute("#alerts", "data-state")));

            unit.board().simulate("call-button", true);
            Thread.sleep(150);
            unit.board().simulate("call-button", false);

            lina.until(WAIT, () -> lina.exists("li.alarm[data-ringing=true]"));
            assertThat(lina.text("li.alarm[data-ringing=true]")).contains("张秀英").contains("3-502");
            lina.screenshot(SCREENSHOTS.resolve("setup-first-call.png"));
        }
    }



    /** Runs the command line as `carecall provision ...` runs it: the unit's main class with those words. */
    private static String provision(String commandLine, Path config) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(Arrays.asList(commandLine.split(" ")));
        assertThat(words.removeFirst()).isEqualTo("carecall-agent");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), "org.carecall.agent.AgentMain"));
        command.addAll(words);
        command.addAll(List.of("--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
