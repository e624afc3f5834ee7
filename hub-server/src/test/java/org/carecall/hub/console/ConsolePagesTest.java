package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's other pages, as a supervisor uses them: history with timelines, devices, duty, reports. */
class ConsolePagesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private TestDevice device;
    private Browser chen;
    private String callId;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        Staff wang = xincheng.onDuty("wang", "Wang Li");
        xincheng.staff("chen", "Chen Jie", Role.SUPERVISOR);
        xincheng.staff("zhou", "Zhou Bo", Role.TECHNICIAN);
        device = xincheng.connectUnit();
        AlarmReport press = device.newAlarm();
        device.send(press);
        assertThat(device.receipt(WAIT, AlarmState.RECEIVED)).isNotNull();
        callId = press.id();
        hub.hub().calls().lifecycle().acknowledge(callId, wang, "test console");
        hub.hub().calls().lifecycle().resolve(callId, wang, "test console", "HELPED", "helped up, all well");
        chen = new Browser();
        chen.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        chen.click("#lang");
        chen.login("chen", "chen-password-1");
    }

    @AfterEach
    void stop() throws Exception {
        chen.close();
        device.close();
        hub.close();
    }

    /**
     * Given Zhang Min (HIGH) last seen ten days ago and Wu Fang (MEDIUM) forty, when Wang opens Today on a
     * 360 px phone, both are listed with their address; a visit recorded in two taps takes Zhang off the list,
     * and one recorded with the network cut waits on the phone, says so, and reaches the hub once when the
     * network returns.
     */
    @Test
    void aGridWorkerRecordsVisitsFromTodayOnAPhoneEvenWithoutSignal() throws Exception {
        var community = hub.hub().people().community();
        var zhang = community.resident(hub.hub().units().devices().find(device.id()).orElseThrow().residentId()).orElseThrow();
        var wu = community.saveResident(new org.carecall.hub.community.Resident(null, zhang.areaId(), "Wu Fang",
                "8 North Road", "1-1", null, "zh-CN", null, java.util.List.of(),
                org.carecall.hub.community.Resident.RiskLevel.MEDIUM));
        var liu = community.saveResident(new org.carecall.hub.community.Resident(null, zhang.areaId(), "Liu Yan",
                "5 South Street", "4-2", null, "zh-CN", null, java.util.List.of(),
                org.carecall.hub.community.Resident.RiskLevel.LOW));
        seenDaysAgo(zhang, 10);
        seenDaysAgo(wu, 40);
        seenDaysAgo(liu, 100);

        try (Browser wang = Browser.phone(null, 360)) {
            wang.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            wang.click("#lang");
            wang.login("wang", "wang-password-1"); // and starts alerts, as a worker does: its card would cover Today's foot
            wang.click("[data-tab=today]");
            String zhangItem = "#today-list li[data-resident-id='" + zhang.id() + "']";
            String wuItem = "#today-list li[data-resident-id='" + wu.id() + "']";
            wang.until(WAIT, () -> wang.exists(zhangItem) && wang.exists(wuItem));
            assertThat(wang.text(zhangItem)).contains("Zhang Min").contains("High risk").contains("3 Hongqi Lane")
                    .contains("3 days overdue");
            assertThat(wang.text("#today-list")).doesNotContain("CADENCE").doesNotContain("HIGH");
            assertThat((Long) wang.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360L);
            wang.screenshot(SCREENSHOTS.resolve("today-phone.png"));

            wang.click(zhangItem + " button[data-action=record-visit]");
            wang.click(zhangItem + " button[data-action=outcome-SEEN]");

            wang.until(WAIT, () -> !wang.exists(zhangItem) && visits(zhang) == 2);

            wang.network(false);
            wang.click(wuItem + " button[data-action=record-visit]");
            wang.click(wuItem + " input[name=concern][value=safety]");
            wang.click(wuItem + " button[data-action=outcome-NOT_HOME]");
            wang.until(WAIT, () -> wang.find("#today-waiting").isDisplayed());
            assertThat(wang.text("#today-waiting")).contains("Waiting on this phone to be sent: 1");
            wang.screenshot(SCREENSHOTS.resolve("today-offline-phone.png"));
            Thread.sleep(1500);
            assertThat(visits(wu)).as("nothing reaches the hub without a network").isEqualTo(1);

            wang.network(true);

            wang.until(Duration.ofSeconds(20), () -> visits(wu) == 2 && !wang.find("#today-waiting").isDisplayed());
            Thread.sleep(1500);
            assertThat(visits(wu)).as("sent once").isEqualTo(2);
            assertThat(hub.hub().care().rounds().visits(wu.id()).getFirst().outcome()).isEqualTo("NOT_HOME");
            assertThat(hub.hub().care().rounds().visits(wu.id()).getFirst().domains().path("safety").path("status").asText())
                    .isEqualTo("CONCERN");

            // A visit made two days ago, from paper: its day is typed, and the hub keeps both dates.
            String liuItem = "#today-list li[data-resident-id='" + liu.id() + "']";
            wang.until(WAIT, () -> wang.exists(liuItem));
            wang.click(liuItem + " button[data-action=record-visit]");
            String twoDaysAgo = java.time.LocalDateTime.now().minusDays(2).withSecond(0).withNano(0).toString();
            wang.script("const input = document.querySelector(arguments[0]); input.value = arguments[1];",
                    liuItem + " input[name=visitedAt]", twoDaysAgo);
            wang.click(liuItem + " button[data-action=outcome-SEEN]");
            wang.until(WAIT, () -> visits(liu) == 2);
            var paper = hub.hub().care().rounds().visits(liu.id()).getFirst();
            assertThat(Duration.between(paper.visitedAt(), paper.enteredAt())).isGreaterThan(Duration.ofHours(47));
        }

        // The supervisor sees the community's Today grid by grid: nobody was home for Wu, so her monthly visit
        // is still to do (the retry falls due in two days).
        chen.click("[data-tab=today]");
        chen.until(WAIT, () -> chen.exists("#today-list li.grid-heading"));
        assertThat(chen.text("#today-list")).contains("Grid: Grid 3").contains("Wu Fang").contains("10 days overdue");
    }

    private void seenDaysAgo(org.carecall.hub.community.Resident resident, int days) throws Exception {
        var site = hub.hub().people().community().site(hub.hub().people().community().area(resident.areaId()).orElseThrow().siteId())
                .orElseThrow();
        hub.hub().care().rounds().record(new org.carecall.hub.care.Visit("seed-" + resident.id(), resident.id(),
                java.time.Instant.now().minus(Duration.ofDays(days)), null, "HOME", "SEEN", null, null,
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(),
                new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode(), null, null),
                new org.carecall.hub.care.CareRounds.Plan(resident.id(), resident.riskLevel(), site.timezone(),
                        hub.hub().care().policies().forSite(site.id()))).join();
    }

    private int visits(org.carecall.hub.community.Resident resident) {
        try {
            return hub.hub().care().rounds().visits(resident.id()).size();
        } catch (org.carecall.hub.store.StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void historyShowsPastCallsWithTheirTimelines() throws Exception {
        chen.click("[data-tab=history]");
        chen.until(WAIT, () -> chen.exists("#history-list li[data-alarm-id='" + callId + "']"));
        assertThat(chen.text("#history-list")).contains("Zhang Min").contains("Closed").contains("Helped")
                .doesNotContain("HELPED").doesNotContain("RESOLVED");

        chen.click("#history-list li[data-alarm-id='" + callId + "'] button");

        chen.until(WAIT, () -> chen.text("#timeline-rows") != null && chen.text("#timeline-rows").contains("closed"));
        // The story in words: nothing of the hub's codes, nor anyone's address, on the screen.
        assertThat(chen.text("#timeline-rows")).contains("The hub received the call")
                .contains("Wang Li took the call").contains("Wang Li closed the call · Helped · helped up, all well")
                .doesNotContain("staff:").doesNotContain("GRID_DUTY")
                .doesNotContain("127.0.0.1").doesNotContain("test console");
        chen.screenshot(SCREENSHOTS.resolve("history.png"));
    }

    @Test
    void aTechnicianSeesDeviceHealthAndSendsCommandsWhichASupervisorMayNot() throws Exception {
        try (Browser zhou = new Browser()) {
            zhou.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            zhou.click("#lang");
            zhou.login("zhou", "zhou-password-1");
            zhou.click("[data-tab=devices]");
            zhou.until(WAIT, () -> zhou.exists("#device-rows tr[data-device-id=bed-0001]"));
            assertThat(zhou.text("#device-rows tr[data-device-id=bed-0001]")).contains("online").contains("overdue");
            assertThat(zhou.exists("#device-rows tr[data-device-id=bed-0001] td.weekly-overdue"))
                    .as("a unit never tested is marked for the technician").isTrue();
            assertThat(zhou.text("#weekly-summary")).isEqualTo("Weekly test: 1 overdue");
            zhou.screenshot(SCREENSHOTS.resolve("devices.png"));

            zhou.click("#device-rows tr[data-device-id=bed-0001] button[data-action=SELFTEST]");

            zhou.until(WAIT, () -> zhou.text("#device-message").contains("Self-test"));
            Command command = device.next(Command.class, WAIT);
            assertThat(command).isNotNull();
            assertThat(command.cmd()).isEqualTo(CommandName.SELFTEST);
            assertThat(zhou.text("#device-message")).contains("waiting for the unit");

            // The unit's answer reaches the screen that asked, in words: passed, and what it found.
            device.send(new CommandResult(command.id(), false, java.util.Map.of("inputs",
                    java.util.Map.of("pull-cord", "ACTIVE AT REST (stuck or wiring fault?)"), "link", "connected",
                    "outbox", "ok", "ok", false)));
            String beside = "#device-rows tr[data-device-id=bed-0001] + tr .command-answer";
            zhou.until(WAIT, () -> command.id().equals(zhou.attribute(beside, "data-command-id")));
            assertThat(zhou.text(beside)).contains("The unit bedroom answered: Self-test failed")
                    .contains("pull cord ACTIVE AT REST").contains("link: connected");
            assertThat(zhou.attribute(beside, "data-ok")).isEqualTo("false");
            zhou.screenshot(SCREENSHOTS.resolve("devices-self-test-answer.png"));
            assertThat((String) zhou.script("const box = document.querySelector(arguments[0]).getBoundingClientRect();"
                    + " return box.top >= 0 && box.bottom <= window.innerHeight + 1 ? 'in view'"
                    + " : JSON.stringify([box.top, box.bottom, box.height, window.innerHeight]);", beside))
                    .as("the answer is beside the unit, in view where the tap was made").isEqualTo("in view");
            assertThat(zhou.text("#device-message")).as("and the page's message line keeps the last word")
                    .contains("Self-test failed");
        }
        chen.click("[data-tab=devices]");
        chen.until(WAIT, () -> chen.exists("#device-rows tr[data-device-id=bed-0001]"));
        assertThat(chen.exists("#device-rows button[data-action=LOCATE]")).as("a supervisor looks, does not command")
                .isFalse();
    }

    @Test
    void residentsAreFoundByNameAndATechnicianNeverSeesHealthNotes() throws Exception {
        String id = hub.hub().units().devices().find(device.id()).orElseThrow().residentId();
        var zhang = hub.hub().people().community().resident(id).orElseThrow();
        hub.hub().people().community().saveResident(new org.carecall.hub.community.Resident(zhang.id(), zhang.areaId(),
                "张敏", "Zhang Min", zhang.address(), "2-101", "138 0013 8000", zhang.dateOfBirth(), zhang.languages(),
                "diabetic, insulin at 8:00", "metformin", "walks with a frame", zhang.emergencyContacts(),
                zhang.riskLevel(), false));
        chen.click("[data-tab=residents]");
        chen.until(WAIT, () -> chen.exists("#resident-list li[data-resident-id='" + id + "']"));
        chen.find("#resident-search input[name=q]").sendKeys("nobody-by-this-name");
        chen.click("#resident-search button[type=submit]");
        chen.until(WAIT, () -> !chen.exists("#resident-list li[data-resident-id='" + id + "']"));
        chen.find("#resident-search input[name=q]").clear();
        chen.find("#resident-search input[name=q]").sendKeys("zhang");
        chen.click("#resident-search button[type=submit]");
        chen.until(WAIT, () -> chen.exists("#resident-list li[data-resident-id='" + id + "']"));
        chen.click("#resident-list li[data-resident-id='" + id + "'] button");
        chen.until(WAIT, () -> chen.find("#file").isDisplayed());
        assertThat(chen.text("#file-details")).contains("diabetic").contains("metformin");
        // Her file's calls open their timelines in place, in words.
        String call = "#file-calls li[data-alarm-id='" + callId + "']";
        chen.until(WAIT, () -> chen.exists(call));
        chen.click(call + " button");
        chen.until(WAIT, () -> chen.exists(call + " ol li[data-action=RESOLVED]"));
        assertThat(chen.text(call + " ol")).contains("Wang Li took the call").contains("helped up, all well")
                .doesNotContain("GRID_DUTY");

        try (Browser zhou = new Browser()) {
            zhou.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            zhou.click("#lang");
            zhou.login("zhou", "zhou-password-1");
            zhou.click("[data-tab=residents]");
            zhou.until(WAIT, () -> zhou.exists("#resident-list li[data-resident-id='" + id + "']"));
            zhou.click("#resident-list li[data-resident-id='" + id + "'] button");
            zhou.until(WAIT, () -> zhou.find("#file").isDisplayed());
            // The technician sees where she lives, to fit the unit: not her phone, nor what ails her.
            assertThat(zhou.text("#file-details")).contains("2-101").doesNotContain("138 0013 8000")
                    .doesNotContain("diabetic").doesNotContain("metformin");
            assertThat(zhou.exists("[data-tab=reports]:not([hidden])")).isFalse();
        }
    }

    @Test
    void aDutyWorkerSeesNoDeviceStaffOrPolicyScreens() throws Exception {
        try (Browser wang = new Browser()) {
            wang.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            wang.click("#lang");
            wang.login("wang", "wang-password-1");
            wang.until(WAIT, () -> wang.exists("[data-tab=residents]:not([hidden])"));
            assertThat(wang.exists("[data-tab=devices]:not([hidden])")).isFalse();
            assertThat(wang.exists("[data-tab=reports]:not([hidden])")).isFalse();
            assertThat(wang.exists("[data-tab=staff]:not([hidden])")).isFalse();
            assertThat(wang.exists("[data-tab=policies]:not([hidden])")).isFalse();
        }
    }

    @Test
    void theDutyPageShowsWhoIsOnDutyAndLetsMeGoOnDuty() throws Exception {
        chen.click("[data-tab=roster]");
        chen.until(WAIT, () -> chen.exists("#duty-list li[data-username=wang]"));
        assertThat(chen.exists("#duty-list li[data-username=chen]")).isFalse();

        chen.click("#go-on");

        chen.until(WAIT, () -> chen.exists("#duty-list li[data-username=chen]"));
    }

    @Test
    void aGeneratedPasswordIsChangedAtTheFirstLoginBeforeAnythingElse() throws Exception {
        try (TestHub fresh = TestHub.start(config -> config.console.adminPassword = null);
             Browser admin = new Browser()) {
            admin.open("http://127.0.0.1:" + fresh.hub().httpPort() + "/");
            admin.click("#lang");
            // Before anything else, the phone's first step: the hub's CA to install, and its fingerprint to compare.
            admin.click("#community-ca summary");
            admin.until(WAIT, () -> admin.text("#ca-fingerprint").equals(fresh.hub().tls().pin()));
            assertThat(admin.attribute("#ca-download", "href")).endsWith("/ca.pem");
            assertThat(admin.text("#community-ca")).contains("install this hub's certificate");
            admin.find("#login input[name=username]").sendKeys("admin");
            admin.find("#login input[name=password]").sendKeys(fresh.hub().firstAdminPassword().orElseThrow());
            admin.find("#login button[type=submit]").click();

            admin.until(WAIT, () -> admin.find("#change-password").isDisplayed());
            assertThat(admin.find("#tabs").isDisplayed()).as("nothing else before the new password").isFalse();
            admin.find("#change-password input[name=current]").sendKeys(fresh.hub().firstAdminPassword().orElseThrow());
            admin.find("#change-password input[name=new]").sendKeys("admins-own-password");
            admin.find("#change-password button[type=submit]").click();

            admin.until(WAIT, () -> "up".equals(admin.attribute("#link", "data-state")));
            assertThat(fresh.hub().adminPasswordFile()).doesNotExist();
        }
    }

    @Test
    void reportsShowResponseTimesAndTheMonthsVisitRateWithCharts() throws Exception {
        var zhang = hub.hub().people().community().resident(hub.hub().units().devices().find(device.id()).orElseThrow().residentId())
                .orElseThrow();
        seenDaysAgo(zhang, 0);
        hub.hub().care().workOrders().open(java.util.List.of(new org.carecall.hub.workorders.WorkOrders.NewOrder(
                "STAFF:report-meal", zhang.id(), "MEAL", "lunch", "STAFF", null)),
                org.carecall.hub.workorders.WorkOrders.Actor.HUB).join();
        chen.click("[data-tab=reports]");

        chen.until(WAIT, () -> chen.exists("#report-chart svg"));
        assertThat(chen.text("#report-rows")).contains("All").contains("Grid 3").contains("100%");
        chen.screenshot(SCREENSHOTS.resolve("reports.png"));
        chen.until(WAIT, () -> chen.exists("#care-report-chart svg"));
        assertThat(chen.text("#care-report-rows tr[data-tier=HIGH]")).contains("High risk").contains("100%");
        assertThat(chen.text("#care-report-chart")).contains("100% (1/1)");
        // The month's work orders per category beside the per-grid table: her meal order opened, none done yet.
        chen.until(WAIT, () -> chen.exists("#orders-category-rows tr[data-category=MEAL]"));
        assertThat(chen.text("#orders-category-rows tr[data-category=MEAL]")).startsWith("Meals").contains("1").contains("—");
        assertThat(chen.text("#orders-category-rows tr[data-category=REPAIR]")).startsWith("Repair");
        chen.script("document.getElementById('care-report-form').scrollIntoView()");
        chen.screenshot(SCREENSHOTS.resolve("care-report.png"));
    }
}
