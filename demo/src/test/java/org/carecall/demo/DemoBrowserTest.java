package org.carecall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.agent.Agent;
import org.carecall.agent.feedback.Voice;
import org.carecall.hub.checkin.CheckInDay;
import org.carecall.hub.support.Browser;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrders;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo as a visitor uses it, in a real headless Chromium: log in, press a simulated resident's
 * button on the panel, see the call ring on the board, take it, and watch that unit's lamp turn green.
 */
class DemoBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private Path data;
    private Demo demo;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        data = Files.createTempDirectory("carecall-demo-");
        demo = Demo.start(data, 0, 0);
        browser = new Browser();
        browser.open("http://127.0.0.1:" + demo.hub().httpPort() + "/");
        browser.find("#lang").click();
        browser.login("wang", Demo.LOGINS.get("wang"));
    }

    @AfterEach
    void stop() throws Exception {
        browser.close();
        demo.close();
    }

    @Test
    void aPressOnThePanelRingsTheBoardAndTakingItTurnsTheUnitGreen() throws Exception {
        browser.until(WAIT, () -> browser.exists("li.unit[data-unit-id=unit-01]"));
        assertThat(browser.text("#units")).contains("Zhang Min 张敏");
        browser.until(WAIT, () -> demo.units().stream().allMatch(unit -> unit.link().connected()));

        browser.click("li.unit[data-unit-id=unit-01] button[data-action=call-button]");

        browser.until(WAIT, () -> browser.exists("li.alarm[data-ringing=true]"));
        String card = "li.alarm[data-ringing=true]";
        assertThat(browser.text(card)).contains("Zhang Min").contains("2-101");
        browser.until(WAIT, () -> "ON".equals(lamp("unit-01", "amber")));
        browser.screenshot(Path.of("../docs/screenshots/demo-board-and-panel.png"));

        browser.click(card + " button[data-action=acknowledge]");

        browser.until(WAIT, () -> "ON".equals(lamp("unit-01", "green")));
        assertThat(lamp("unit-01", "amber")).isEqualTo("OFF");
        assertThat(lamp("unit-02", "green")).isEqualTo("OFF");
        browser.screenshot(Path.of("../docs/screenshots/demo-help-coming.png"));
    }

    @Test
    void eachInputOnThePanelRaisesItsKindOfCallAndThePanelSaysWhatTheUnitSays() throws Exception {
        browser.until(WAIT, () -> demo.units().stream().allMatch(unit -> unit.link().connected()));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("pull-cord", "Pull cord");
        inputs.put("smoke", "Smoke alarm");
        inputs.put("door", "Door at night");
        inputs.put("tamper", "Unit tampered with");
        inputs.put("power-fail", "Power cut");
        int unit = 2;
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String id = "unit-%02d".formatted(unit++);
            browser.until(WAIT, () -> browser.exists("li.unit[data-unit-id=" + id + "]"));
            browser.click("li.unit[data-unit-id=" + id + "] button[data-action=" + input.getKey() + "]");

            String resident = demo.residentOf(id);
            // A duty worker's board folds technical alarms into one line (the technicians' to take): open it.
            browser.until(WAIT, () -> {
                if (browser.exists("#alarms li.technical-folded details:not([open])")) {
                    browser.click("#alarms li.technical-folded summary");
                }
                return String.valueOf(browser.text("#alarms")).contains(resident + " · " + input.getValue());
            });
            Agent agent = demo.units().stream().filter(a -> a.config().device.id.equals(id)).findFirst().orElseThrow();
            // What the unit said last is what the panel played, with the unit's own clip.
            browser.until(WAIT, () -> {
                var spoken = agent.voice().spoken();
                return !spoken.isEmpty() && played().contains(id + " " + spoken.getLast().language() + "/"
                        + spoken.getLast().clip().file);
            });
        }
        // No motion for a day: the unit asks whether she is all right, and with no answer it calls.
        browser.click("li.unit[data-unit-id=unit-01] button[data-action=no-motion]");
        browser.until(WAIT, () -> played().contains("unit-01 zh-CN/are-you-ok"));
        browser.until(Duration.ofSeconds(40), () -> String.valueOf(browser.text("#alarms"))
                .contains(demo.residentOf("unit-01") + " · No activity"));

        // The power cut is a technical alarm: it rings the technicians' chain, not the grid's duty staff.
        String powerCut = demo.hub().calls().alarms().page(true, Set.of(AlarmKind.POWER_FAILURE), 5, 0).getFirst().id();
        String zhou = demo.hub().people().staff().byUsername("zhou").orElseThrow().id();
        browser.until(WAIT, () -> demo.hub().calls().escalation().ringing().staffFor(powerCut).contains(zhou));
        browser.until(WAIT, () -> played().contains("unit-06 zh-CN/power-back"));
        assertThat(played()).containsSubsequence("unit-06 zh-CN/power-lost", "unit-06 zh-CN/power-back");
        assertThat(((Number) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/demo/clips/zh-CN/received.wav').then((r) => r.arrayBuffer()).then((b) => done(b.byteLength))"))
                .intValue()).as("the clips the panel plays are served").isGreaterThan(10_000);
        browser.screenshot(Path.of("../docs/screenshots/demo-every-input.png"));
    }

    @Test
    void aPlanSwitchedOnInHerFileGivesHerUnitTheGreenKeyAndItsPressChecksHerIn() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        assumeTrue(LocalTime.now(shanghai).isBefore(LocalTime.of(23, 55)), "today's deadline must still be ahead");
        browser.until(WAIT, () -> demo.units().stream().allMatch(unit -> unit.link().connected()));
        Agent unit = demo.units().stream().filter(a -> a.config().device.id.equals("unit-01")).findFirst().orElseThrow();
        assertThat(unit.settings().checkInEnabled()).isFalse(); // no plan: the green key only buzzes
        String residentId = demo.hub().units().devices().find("unit-01").orElseThrow().residentId();

        browser.click("[data-tab=residents]");
        String row = "#resident-list li[data-resident-id='" + residentId + "']";
        browser.until(WAIT, () -> browser.exists(row));
        browser.click(row + " button");
        browser.until(WAIT, () -> browser.find("#file-checkin").isDisplayed());
        browser.click("#file-checkin-plan input[name=enabled]");
        browser.script("document.querySelector('#file-checkin-plan input[name=deadline]').value = '23:59'");
        browser.click("#file-checkin-save");
        browser.until(WAIT, () -> browser.find("#notice").isDisplayed());
        assertThat(browser.text("#notice-text")).contains("Saved");
        browser.click("#notice button[data-close]");
        browser.until(WAIT, () -> unit.settings().checkInEnabled());
        assertThat(unit.settings().checkIn().deadline()).isEqualTo(LocalTime.of(23, 59));

        browser.click("#file button[data-close]");
        browser.click("li.unit[data-unit-id=unit-01] button[data-action=check-in-key]");
        browser.until(WAIT, () -> unit.voice().spoken().stream().anyMatch(said -> said.clip() == Voice.Clip.CHECKIN_OK));
        CheckInDay day = demo.hub().care().checkIns().store().day(residentId, LocalDate.now(shanghai)).orElseThrow();
        assertThat(day.closedBy()).isEqualTo("KEY");
    }

    @Test
    void herServiceKeyOnThePanelMakesAnOrderWangSeesOnTodayAndTheWorkOrdersTab() throws Exception {
        browser.until(WAIT, () -> demo.units().stream().allMatch(unit -> unit.link().connected()));
        Agent unit = demo.units().stream().filter(a -> a.config().device.id.equals("unit-01")).findFirst().orElseThrow();
        browser.until(WAIT, () -> unit.settings().serviceKeyEnabled()); // placed with Zhang Min: the hub turns it on
        String residentId = demo.hub().units().devices().find("unit-01").orElseThrow().residentId();
        String gridId = demo.hub().people().community().resident(residentId).orElseThrow().areaId();

        browser.click("li.unit[data-unit-id=unit-01] button[data-action=service-key]");

        browser.until(WAIT, () -> unit.voice().spoken().stream().anyMatch(said -> said.clip() == Voice.Clip.SERVICE_RECEIVED));
        List<WorkOrder> fromHerKey = demo.hub().care().workOrders().list(new WorkOrders.Filter(List.of(gridId), null,
                residentId, null, false)).stream().map(WorkOrders.Listed::order)
                .filter(made -> WorkOrder.KEY.equals(made.source())).toList();
        assertThat(fromHerKey).hasSize(1);
        WorkOrder order = fromHerKey.getFirst();
        browser.click("[data-tab=today]");
        String onToday = "#today-orders li[data-order-id='" + order.id() + "']";
        browser.until(WAIT, () -> browser.exists(onToday));
        assertThat(browser.text(onToday)).contains("Zhang Min");
        browser.click("[data-tab=orders]");
        String listed = "#orders-list li[data-order-id='" + order.id() + "']";
        browser.until(WAIT, () -> browser.exists(listed));
        assertThat(browser.attribute(listed, "data-state")).isEqualTo("REPORTED");
    }

    @SuppressWarnings("unchecked")
    private java.util.List<String> played() {
        return (java.util.List<String>) browser.script("return window.carecallPanelPlayed || []");
    }

    @Test
    void theSeededVisitsPutOverdueResidentsARetryAndAVisitAfterAFallOnWangsToday() throws Exception {
        browser.click("[data-tab=today]");

        browser.until(WAIT, () -> browser.exists("#today-list li.visit-item"));
        assertThat(browser.text("#today-list")).contains("days overdue").contains("Again (nobody home last time)")
                .contains("After a major change");
        browser.screenshot(Path.of("../docs/screenshots/demo-today.png"));
    }

    @Test
    void aSecondStartFindsTheSameCommunityAndUnits() throws Exception {
        browser.close();
        demo.close();

        demo = Demo.start(data, 0, 0);
        browser = new Browser();

        assertThat(demo.hub().people().community().sites()).hasSize(1);
        assertThat(demo.hub().units().devices().all()).hasSize(6);
        browser.until(WAIT, () -> demo.units().stream().allMatch(unit -> unit.link().connected()));
    }

    private String lamp(String unit, String colour) {
        return browser.attribute("li.unit[data-unit-id=" + unit + "] .lamp[data-lamp=" + colour + "]", "data-mode");
    }
}
