package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Resident;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Cancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Priority before age, in a real Chromium at phone size: with two technical alarms raised first, then a
 * smoke alarm, then a call-button call, a duty worker's board shows the two life-safety calls on top (the
 * older, smoke, first) and the technical alarms folded into one line for the technicians; her title counts
 * only the two calls that ring for her. A technician's board shows his two technical alarms, oldest first.
 * A console whose login the hub ends says so in words and keeps ringing for the calls on its screen until
 * its person logs in again. One hub and one pair of phones for the class, the tests in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DutyBoardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private static TestHub hub;
    private static TestDevice unit;
    private static Browser lina;
    private static Browser tech;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        Resident zhang = xincheng.zhang();
        hub.hub().people().community().saveResident(new Resident(zhang.id(), zhang.areaId(), zhang.name(),
                zhang.nameLatin(), zhang.address(), zhang.room(), "13800138000", zhang.dateOfBirth(), zhang.languages(),
                zhang.healthNotes(), zhang.medicines(), zhang.mobility(), zhang.emergencyContacts(), zhang.riskLevel(),
                false));
        xincheng.onDuty("lina", "Li Na");
        xincheng.staff("tech", "Zhou Gong", Role.TECHNICIAN);
        unit = xincheng.connectUnit();
        lina = Browser.phone(null, 360);
        tech = Browser.phone(null, 360);
        lina.open(hub.consoleUrl());
        lina.click("#lang");
        lina.login("lina", "lina-password-1");
        tech.open(hub.consoleUrl());
        tech.click("#lang");
        tech.login("tech", "tech-password-1");
    }

    @AfterAll
    static void stop() throws Exception {
        lina.close();
        tech.close();
        unit.close();
        hub.close();
    }

    @Test
    @Order(1)
    void lifeSafetyComesFirstAndTechnicalAlarmsAreFoldedForTheDutyWorker() throws Exception {
        AlarmReport tamper = raise(AlarmKind.TAMPER);
        AlarmReport power = raise(AlarmKind.POWER_FAILURE);
        AlarmReport smoke = raise(AlarmKind.SMOKE);
        AlarmReport press = raise(AlarmKind.CALL_BUTTON);

        lina.until(WAIT, () -> lina.exists(card(press)) && lina.exists(card(smoke)) && lina.exists(".technical-folded"));
        assertThat(order(lina, "#alarms > li.alarm")).as("life-safety first, the oldest on top")
                .containsExactly(smoke.id(), press.id());
        assertThat(lina.text(".technical-folded summary")).isEqualTo("2 technical alarms, for the technicians");
        assertThat(lina.find(card(tamper)).isDisplayed()).as("folded until she opens the line").isFalse();
        assertThat(lina.script("return document.title")).as("only what rings for her").isEqualTo("(2) CareCall");
        lina.screenshot(SCREENSHOTS.resolve("board-priority-phone.png"));

        lina.click(".technical-folded summary");
        lina.until(WAIT, () -> lina.find(card(tamper)).isDisplayed());
        assertThat(order(lina, ".technical-folded li.alarm")).containsExactly(tamper.id(), power.id());
        lina.click(".technical-folded summary");

        tech.until(WAIT, () -> tech.exists(card(power)));
        assertThat(order(tech, "#alarms li.alarm")).as("the technician's alarms, open, oldest first")
                .containsExactly(tamper.id(), power.id());
        assertThat(tech.exists(".technical-folded")).isFalse();
        tech.screenshot(SCREENSHOTS.resolve("board-priority-technician.png"));
    }

    @Test
    @Order(2)
    void aConsoleWhoseLoginEndsSaysSoAndKeepsRingingUntilItsPersonLogsInAgain() throws Exception {
        AlarmReport press = raise(AlarmKind.PULL_CORD);
        lina.until(WAIT, () -> lina.exists(card(press) + "[data-ringing=true]"));
        TestConsole other = TestConsole.login(hub.hub().httpPort(), "lina", "lina-password-1");
        assertThat(other.delete("/api/me/sessions").status()).isLessThan(300); // "log out everywhere" elsewhere

        lina.until(WAIT, () -> lina.find("#session-ended").isDisplayed());
        assertThat(lina.text("#session-ended")).startsWith("Your login has ended: log in again.");
        assertThat(lina.exists(card(press) + "[data-ringing=true]")).as("the call stays on screen, ringing").isTrue();
        long tones = figure(lina, "tones");
        long vibrations = figure(lina, "vibrations");
        Thread.sleep(3500);
        assertThat(figure(lina, "tones")).as("the tone goes on").isGreaterThan(tones);
        assertThat(figure(lina, "vibrations")).as("and the phone buzzes again with it").isGreaterThan(vibrations);
        assertThat(lina.find("#login").isDisplayed()).isTrue();
        lina.screenshot(SCREENSHOTS.resolve("board-session-ended-phone.png"));

        lina.loginOnly("lina", "lina-password-1");
        lina.until(WAIT, () -> !lina.find("#session-ended").isDisplayed());
        assertThat(lina.exists(card(press) + "[data-ringing=true]")).isTrue();
    }

    @Test
    @Order(3)
    void theStartDutyButtonIsReadableInEveryFrameOfItsFlashAndStillUnderReducedMotion() throws Exception {
        tech.script("document.getElementById('start-duty').hidden = false; document.body.dataset.ringing = 'true'");
        for (int sample = 0; sample < 12; sample++) { // a 1 s animation, sampled every 110 ms
            assertThat(contrast(tech)).as("contrast at sample " + sample).isGreaterThanOrEqualTo(4.5);
            Thread.sleep(110);
        }
        tech.emulateMedia("prefers-reduced-motion", "reduce");
        assertThat(((Number) tech.script("return document.getElementById('start-button').getAnimations().length"))
                .intValue()).as("no flashing under reduced motion").isZero();
        assertThat(contrast(tech)).isGreaterThanOrEqualTo(4.5);
        tech.emulateMedia("prefers-reduced-motion", "no-preference");
        tech.script("document.getElementById('start-duty').hidden = true");
    }

    @Test
    @Order(4)
    void aLoggedInReloadDrawsTheBoardAtOnceInOneHeaderRowAndStartingAlertsMovesNoCard() throws Exception {
        lina.open(hub.consoleUrl()); // a reload, with the login kept for the tab
        lina.until(WAIT, () -> "up".equals(lina.attribute("#link", "data-state")) && lina.exists("#alarms li.alarm"));
        @SuppressWarnings("unchecked")
        Map<String, Object> shifts = (Map<String, Object>) lina.asyncScript("""
                const done = arguments[arguments.length - 1];
                const seen = { total: 0, moved: [] };
                new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
                  seen.total += entry.value;
                  entry.sources.forEach((source) => seen.moved.push((source.node && (source.node.id
                    || source.node.className || source.node.nodeName)) + ' ' + entry.value.toFixed(3)));
                })).observe({ type: 'layout-shift', buffered: true });
                setTimeout(() => done(seen), 300);""");
        assertThat(((Number) shifts.get("total")).doubleValue())
                .as("cumulative layout shift of the reload, moved: " + shifts.get("moved")).isLessThan(0.1);
        assertThat(((Number) lina.script("return performance.getEntriesByType('paint').length")).intValue()).isPositive();
        assertThat(((Number) lina.script("return document.querySelector('header').getBoundingClientRect().height"))
                .doubleValue()).as("one header row at 360 px").isLessThan(64);

        assertThat(lina.find("#start-duty").isDisplayed()).isTrue();
        double before = top(lina, "#alarms li.alarm");
        lina.click("#start-button");
        lina.until(WAIT, () -> "on".equals(lina.attribute("#alerts", "data-state")));
        assertThat(top(lina, "#alarms li.alarm")).as("the first card did not move").isEqualTo(before);
    }

    @Test
    @Order(5)
    void aCancelledCallHasHerPhoneOneTapAwayAndIsConfirmedAsCancelledNotAsHelped() throws Exception {
        AlarmReport press = raise(AlarmKind.FALL);
        lina.until(WAIT, () -> lina.exists(card(press) + "[data-ringing=true]"));
        unit.send(new Cancel(press.id(), Instant.now()));
        lina.until(WAIT, () -> lina.exists(card(press) + "[data-state=CANCELLED]"));
        assertThat(lina.attribute(card(press) + " a.phone", "href")).isEqualTo("tel:13800138000");

        lina.click(card(press) + " button[data-action=resolve]");
        assertThat(lina.script("return document.querySelector('#resolve-form select[name=outcome]').value"))
                .as("the outcome a cancellation is").isEqualTo("CANCELLED_BY_RESIDENT");
        lina.find("#resolve-form textarea[name=note]").sendKeys("phoned her: pressed by mistake");
        lina.find("#resolve-form button[type=submit]").click();
        lina.until(WAIT, () -> !lina.exists(card(press)));
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().handling().outcome())
                .isEqualTo("CANCELLED_BY_RESIDENT");
    }

    private static double top(Browser browser, String css) {
        return ((Number) browser.script("return document.querySelector(arguments[0]).getBoundingClientRect().top", css))
                .doubleValue();
    }

    /** The WCAG contrast ratio of the start button's words on its background, as drawn now. */
    private static double contrast(Browser browser) {
        return ((Number) browser.script("""
                const style = getComputedStyle(document.getElementById('start-button'));
                const luminance = (css) => {
                  const [r, g, b] = css.match(/\\d+/g).slice(0, 3).map((v) => {
                    const c = v / 255;
                    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                  });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                };
                const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
                return (a + 0.05) / (b + 0.05);""")).doubleValue();
    }

    private static long figure(Browser browser, String name) {
        return ((Number) browser.script("return window.carecallRinger[arguments[0]]", name)).longValue();
    }

    private static AlarmReport raise(AlarmKind kind) throws Exception {
        AlarmReport report = unit.newAlarm(kind);
        unit.send(report);
        Thread.sleep(20); // each a little older than the next, as the hub receives them
        return report;
    }

    private static String card(AlarmReport report) {
        return "li[data-alarm-id='" + report.id() + "']";
    }

    @SuppressWarnings("unchecked")
    private static List<String> order(Browser browser, String css) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0])]"
                + ".map((item) => item.dataset.alarmId)", css);
    }
}
