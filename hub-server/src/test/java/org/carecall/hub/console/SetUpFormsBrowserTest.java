package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.carecall.hub.escalation.EscalationPolicy;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

/**
 * The set-up screens' forms in a real Chromium: every wrong field gets its sentence beside it and the hub
 * keeps what it had; a right one is stored. (Creating a community, grid, account, file, unit and shift
 * from an empty hub is the demo module's CommunitySetUpBrowserTest.)
 */
class SetUpFormsBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private TestCommunity xincheng;
    private TestConsole api;
    private Browser admin;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        api = hub.admin();
        admin = new Browser();
        admin.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        admin.click("#lang");
        admin.login("admin", TestHub.ADMIN_PASSWORD); // and starts alerts, whose card would cover the forms' foot
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        hub.close();
    }

    @Test
    void theCarePolicyIsEditedBesideTheEscalationPolicyAndOneThatVisitsAHigherTierLessOftenIsRefused() throws Exception {
        String path = "/api/care-policies/" + xincheng.site().id();
        // Check-in times set through the API: the form does not show them, and saving it keeps them.
        assertThat(api.put(path, "{\"checkIn\":{\"remindAfterMin\":[0,10],\"listAfterMin\":20,\"ringAfterMin\":120,"
                + "\"familyAfterMin\":180}}").status()).isEqualTo(200);
        admin.click("[data-tab=policies]");
        admin.until(WAIT, () -> "7".equals(admin.find("#care-policy-form input[name='visitDays.HIGH']").getAttribute("value")));
        assertThat(admin.find("#care-policy-form input[name=familyCallResolved]").isSelected()).as("off by default").isFalse();
        assertThat(admin.find("#care-policy-form input[name='visitDays.LOW']").getAttribute("value")).isEqualTo("90");

        admin.type("#care-policy-form input[name='visitDays.HIGH']", "60");
        admin.click("#care-policy-form button[type=submit]");
        assertThat(admin.fieldError("#care-policy-form", "visitDays.HIGH", WAIT))
                .isEqualTo("A higher tier is visited at least as often (high ≤ key ≤ general).");
        assertThat(api.get(path).body().path("visitDays").path("HIGH").asInt()).isEqualTo(7);

        admin.type("#care-policy-form input[name='visitDays.HIGH']", "5");
        admin.click("#care-policy-form input[name=familyCallResolved]");
        admin.click("#care-policy-form button[type=submit]");
        admin.until(WAIT, () -> admin.text("#care-policy-saved").startsWith("Saved"));
        assertThat(api.get(path).body().path("visitDays").path("HIGH").asInt()).isEqualTo(5);
        assertThat(api.get(path).body().path("family").path("callResolved").asBoolean()).isTrue();
        assertThat(api.get(path).body().path("checkIn").path("listAfterMin").asInt()).isEqualTo(20);
        admin.script("document.getElementById('care-policy-form').scrollIntoView()");
        admin.screenshot(SCREENSHOTS.resolve("setup-care-policy.png"));
    }

    @Test
    void aPolicyIsCheckedBeforeItIsStoredAndItsPreviewSaysWhomEachStepRings() throws Exception {
        String policyPath = "/api/escalation-policies/" + xincheng.site().id();
        admin.click("[data-tab=policies]");
        admin.until(WAIT, () -> admin.exists("#care-steps li"));
        assertThat(((Number) admin.script("return document.querySelectorAll('#care-steps li').length;")).intValue())
                .isEqualTo(EscalationPolicy.defaults().care().size());

        // Words where a number belongs are refused in the console; a day and more, and a step ringing nobody, by the hub.
        admin.type("[data-field='care.2.afterS']", "two minutes");
        admin.click("#policy-form button[type=submit]");
        assertThat(admin.fieldError("#policy-form", "care.2.afterS", WAIT)).isEqualTo("A whole number of seconds.");
        admin.type("[data-field='care.2.afterS']", "999999");
        admin.script("document.querySelectorAll(\"[data-field='care.1.audiences'] input:checked\")"
                + ".forEach((box) => box.click());");
        admin.click("#policy-form button[type=submit]");
        assertThat(admin.fieldError("#policy-form", "care.2.afterS", WAIT)).isEqualTo("From 0 to 86400.");
        assertThat(admin.fieldError("#policy-form", "care.1.audiences", WAIT)).isEqualTo("Choose at least one to ring.");
        admin.screenshot(SCREENSHOTS.resolve("setup-policy-refused.png"));
        assertThat(api.get(policyPath).body().path("care").get(1).path("afterS").asInt())
                .isEqualTo(EscalationPolicy.defaults().care().get(1).afterS());

        // The preview needs a grid; with one it says whom each step rings now.
        admin.click("[data-field='care.1.audiences'] input[value=GRID_DUTY]");
        admin.type("[data-field='care.2.afterS']", "120");
        admin.click("#preview-form button[type=submit]");
        assertThat(admin.fieldError("#preview-form", "areaId", WAIT)).isEqualTo("Not known: choose one from the list.");
        new Select(admin.find("#preview-form select[name=areaId]")).selectByVisibleText("Grid 3");
        admin.click("#preview-form button[type=submit]");
        // The policy being edited is checked for the preview too: its refusal goes under the step.
        assertThat(admin.fieldError("#policy-form", "care.3.afterS", WAIT)).isEqualTo("Later than the step before.");
        assertThat(admin.exists("#preview-form .field-error")).isFalse();
        admin.type("[data-field='care.2.afterS']", "45");
        admin.click("#preview-form button[type=submit]");
        admin.until(WAIT, () -> admin.exists("#preview-steps li[data-step='1']"));
        assertThat(admin.text("#preview-steps li[data-step='1']")).contains("Wang Li").contains("console closed");
        assertThat(admin.text("#preview-steps li[data-step='2']")).contains("(45 s)");
        // Wang Li's console is closed and no outside channel is set up: step 1 would reach nobody, in red;
        // the last step names the outside channel, which is not configured, and says so in words.
        assertThat(admin.attribute("#preview-steps li[data-step='1']", "class")).isEqualTo("gap");
        assertThat(admin.text("#preview-steps li[data-step='1']")).contains("reaches nobody now");
        assertThat(admin.text("#preview-steps li[data-step='3'] .warning")).contains("none is configured");

        admin.click("#policy-form button[type=submit]");
        admin.until(WAIT, () -> admin.text("#policy-saved").startsWith("Saved"));
        assertThat(api.get(policyPath).body().path("care").get(1).path("afterS").asInt()).isEqualTo(45);

        // A community in a time zone that does not exist is refused; the list stays as it was.
        admin.type("#site-form input[name=name]", "Moon Base");
        admin.type("#site-form input[name=timezone]", "Mars/Olympus");
        admin.click("#site-form button[type=submit]");
        assertThat(admin.fieldError("#site-form", "timezone", WAIT)).isEqualTo("A time zone, such as Asia/Shanghai.");
        assertThat(api.get("/api/sites").body().size()).isEqualTo(1);
    }

    @Test
    void anAccountAFileAUnitAndTheAuditFilterRefuseBadInputBesideTheField() throws Exception {
        String wangId = hub.hub().people().staff().byUsername("wang").orElseThrow().id();

        // An account without a name: refused; a reset gives a one-time password; disabling marks the row.
        admin.click("[data-tab=staff]");
        String wangRow = "#staff-rows tr[data-username=wang]";
        admin.until(WAIT, () -> admin.exists(wangRow));
        admin.click(wangRow + " button[data-action=edit]");
        admin.type("#staff-form input[name=displayName]", " ");
        admin.click("#staff-form button[type=submit]");
        assertThat(admin.fieldError("#staff-form", "displayName", WAIT)).isEqualTo("Required.");
        assertThat(api.get("/api/staff").body().findValuesAsText("displayName")).contains("Wang Li");
        admin.click("#staff-editor button[data-close]");
        admin.click(wangRow + " button[data-action=reset]");
        admin.click("#ask-yes");
        admin.until(WAIT, () -> admin.text("#notice-text").contains("one-time password"));
        admin.click("#notice button[data-close]");
        admin.click(wangRow + " button[data-action=disable]");
        admin.click("#ask-yes");
        admin.until(WAIT, () -> admin.text(wangRow).contains("disabled"));
        assertThat(hub.hub().people().staff().byUsername("wang").orElseThrow().disabled()).isTrue();
        assertThat(wangId).isNotBlank();

        // A file with a date of birth written the other way round: refused, and the file is as it was.
        admin.click("[data-tab=residents]");
        String zhang = "#resident-list li[data-resident-id='" + xincheng.zhang().id() + "']";
        admin.until(WAIT, () -> admin.exists(zhang));
        admin.click(zhang + " button");
        admin.until(WAIT, () -> admin.find("#file").isDisplayed());
        admin.click("#file-edit");
        admin.until(WAIT, () -> admin.find("#resident-editor").isDisplayed());
        admin.type("#resident-form input[name=dateOfBirth]", "08/03/1941");
        admin.click("#resident-form button[type=submit]");
        assertThat(admin.fieldError("#resident-form", "dateOfBirth", WAIT)).isEqualTo("A date, such as 1941-03-08.");
        assertThat(hub.hub().people().community().resident(xincheng.zhang().id()).orElseThrow().dateOfBirth()).isNull();
        admin.click("#resident-editor button[data-close]");

        // Archiving takes the file out of the list; asking for archived files brings it back.
        admin.click(zhang + " button");
        admin.until(WAIT, () -> admin.find("#file").isDisplayed());
        admin.click("#file-archive");
        admin.click("#ask-yes");
        admin.until(WAIT, () -> admin.text("#file-name").contains("archived"));
        admin.click("#file button.primary[data-close]");
        admin.until(WAIT, () -> !admin.exists(zhang));
        admin.click("#resident-search input[name=archived]");
        admin.click("#resident-search button[type=submit]");
        admin.until(WAIT, () -> admin.exists(zhang));

        // A unit's name longer than a label can be: refused, the unit keeps its name.
        admin.click("[data-tab=devices]");
        String unit = "#device-rows tr[data-device-id=bed-0001]";
        admin.until(WAIT, () -> admin.exists(unit));
        admin.click(unit + " button[data-action=edit]");
        admin.type("#device-form input[name=label]", "b".repeat(120));
        admin.click("#device-form button[type=submit]");
        assertThat(admin.fieldError("#device-form", "label", WAIT)).isEqualTo("At most 100 characters.");
        assertThat(hub.hub().units().devices().find("bed-0001").orElseThrow().label()).isEqualTo("bedroom");
        admin.click("#device-editor button[data-close]");

        // A unit online and working is re-enrolled only on purpose: the console asks, then says who did it.
        try (org.carecall.hub.support.TestDevice online = org.carecall.hub.support.TestDevice.connect(hub.mqttUri(),
                xincheng.unit().deviceId(), xincheng.unit().secret())) {
            admin.until(WAIT, () -> hub.hub().units().presence().status("bed-0001")
                    .map(org.carecall.hub.presence.DeviceStatus::online).orElse(false));
            admin.click(unit + " button[data-action=code]");
            admin.until(WAIT, () -> admin.find("#ask").isDisplayed());
            assertThat(admin.text("#ask-text")).isEqualTo("Unit bed-0001 is online and working; re-enrolling it"
                    + " will disconnect it. Make a code anyway?");
            admin.click("#ask-yes");
            admin.until(WAIT, () -> admin.find("#enrolment").isDisplayed());
            assertThat(admin.text("#enrolment-code")).matches("[A-Z2-9]{5}-[A-Z2-9]{5}");
            admin.click("#enrolment button[data-close]");
            admin.until(WAIT, () -> admin.exists(unit + " .re-enrolled-online"));
            assertThat(admin.text(unit + " .re-enrolled-online")).startsWith("Re-enrolled while online: confirmed by admin");
            assertThat(online.connected()).as("asking and making a code leave the unit connected").isTrue();
        }

        // The audit log: a day that is not a date is refused beside it; a person's filter shows only theirs.
        admin.click("[data-tab=audit]");
        admin.type("#audit-form input[name=from]", "yesterday");
        admin.click("#audit-form button[type=submit]");
        assertThat(admin.fieldError("#audit-form", "from", WAIT)).isEqualTo("A date, such as 1941-03-08.");
        admin.type("#audit-form input[name=from]", "");
        admin.type("#audit-form input[name=actor]", "admin");
        admin.click("#audit-form button[type=submit]");
        admin.until(WAIT, () -> admin.exists("#audit-rows tr[data-event='staff.disabled']"));
        // In words and local times, from an address: no event codes, socket ports or nanoseconds on the screen.
        assertThat(admin.text("#audit-rows")).contains("password reset").contains("staff disabled")
                .doesNotContain("password.reset");
        assertThat((java.util.List<?>) admin.script("return [...document.querySelectorAll('#audit-rows tr td:nth-child(5)')]"
                + ".map((cell) => cell.textContent).filter((text) => text !== '—');")).isNotEmpty()
                .allMatch(from -> from.equals("127.0.0.1"));
        assertThat((java.util.List<?>) admin.script("return [...document.querySelectorAll('#audit-rows tr td:nth-child(1)')]"
                + ".map((cell) => cell.textContent);")).isNotEmpty().noneMatch(at -> String.valueOf(at).contains("Invalid"))
                .noneMatch(at -> String.valueOf(at).matches(".*\\d{4}-\\d{2}-\\d{2}T.*"));
        assertThat((java.util.List<?>) admin.script("return [...document.querySelectorAll('#audit-rows tr td:nth-child(3)')]"
                + ".map((cell) => cell.textContent);")).isNotEmpty().allMatch("admin"::equals);
        assertThat(admin.exists("#audit-form [aria-invalid]")).isFalse();
        admin.script("document.getElementById('audit-form').scrollIntoView()");
        admin.screenshot(SCREENSHOTS.resolve("setup-audit.png"));
    }

    @Test
    void aSupervisorSeesStaffAndPoliciesButChangesNoAccountAndNoTechnicianEditsAFile() throws Exception {
        xincheng.staff("chen", "Chen Jie", Role.SUPERVISOR);
        xincheng.staff("zhou", "Zhou Bo", Role.TECHNICIAN);
        try (Browser chen = Browser.phone()) {
            chen.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            chen.click("#lang");
            chen.loginOnly("chen", "chen-password-1");
            chen.click("[data-tab=staff]");
            chen.until(WAIT, () -> chen.exists("#staff-rows tr[data-username=wang]"));
            assertThat(chen.find("#new-staff").isDisplayed()).isFalse();
            assertThat(chen.exists("#staff-rows button[data-action=edit]")).isFalse();
            assertThat(chen.exists("[data-tab=audit]:not([hidden])")).isFalse();
            assertThat(chen.exists("[data-tab=policies]:not([hidden])")).isTrue();
            chen.script("document.getElementById('staff-rows').scrollIntoView()");
            chen.screenshot(SCREENSHOTS.resolve("staff-phone.png"));
            chen.click("[data-tab=policies]");
            chen.until(WAIT, () -> chen.exists("#care-steps li"));
            chen.script("document.getElementById('policy-form').scrollIntoView()");
            chen.screenshot(SCREENSHOTS.resolve("policies-phone.png"));
            chen.click("[data-tab=residents]");
            chen.until(WAIT, () -> chen.exists("#resident-list li[data-resident-id='" + xincheng.zhang().id() + "']"));
            assertThat(chen.find("#new-resident").isDisplayed()).isTrue();
        }
        try (Browser zhou = new Browser()) {
            zhou.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            zhou.click("#lang");
            zhou.loginOnly("zhou", "zhou-password-1");
            zhou.click("[data-tab=residents]");
            String zhang = "#resident-list li[data-resident-id='" + xincheng.zhang().id() + "']";
            zhou.until(WAIT, () -> zhou.exists(zhang));
            zhou.click(zhang + " button");
            zhou.until(WAIT, () -> zhou.find("#file").isDisplayed());
            assertThat(zhou.exists("#file-details .health-notes")).isFalse();
            assertThat(zhou.text("#file-details")).doesNotContain("insulin");
            assertThat(zhou.find("#file-edit").isDisplayed()).isFalse();
            assertThat(zhou.find("#new-resident").isDisplayed()).isFalse();
            for (String tab : new String[] {"staff", "policies", "audit", "reports"}) {
                assertThat(zhou.exists("[data-tab=" + tab + "]:not([hidden])")).as(tab).isFalse();
            }
        }
    }


}
