package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Hello;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The duty console in a real headless Chromium: two workers of the same grid are logged in and have
 * tapped "start duty"; a resident presses; both consoles ring until one taps "I'm coming"; the other stops
 * ringing and the unit hears who is coming; the call is closed with a note. A console in the background
 * gets a system notification; the board puts the longest-waiting call on top; each role sees only what it
 * may use. A dropped WebSocket loses no call.
 */
@Tag("security")
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private TestCommunity xincheng;
    private TestDevice device;
    private Browser wang;
    private Browser lina;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.startWithHttps(config -> { });
        xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        xincheng.onDuty("lina", "Li Na");
        device = xincheng.connectUnit();
        wang = Browser.trusting(hub.certificate());
        lina = Browser.phone(hub.certificate());
        for (Browser browser : new Browser[] {wang, lina}) {
            browser.open(url());
            browser.grant(url(), "notifications", "wakeLockScreen");
        }
        wang.click("#lang"); // Wang reads English; Li Na keeps the default, Chinese
        wang.login("wang", "wang-password-1");
        lina.login("lina", "lina-password-1");
    }

    private String url() {
        return hub.consoleUrl();
    }

    @AfterEach
    void stop() throws Exception {
        wang.close();
        lina.close();
        device.close();
        hub.close();
    }

    @Test
    void aPressRingsBothConsolesUntilIAmComingStopsTheOtherAndTurnsTheUnitGreen() throws Exception {
        Instant pressed = Instant.now();
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";
        wang.until(WAIT, () -> wang.exists(card + "[data-ringing=true]"));
        lina.until(WAIT, () -> lina.exists(card + "[data-ringing=true]"));
        assertThat(wang.text(card)).contains("Zhang Min").contains("2-101").contains("Grid 3")
                .contains("Call button").contains("step 1").doesNotContain("insulin");
        assertThat(lina.text(card)).contains("一键呼叫").contains("第 1 级");
        assertThat(wang.script("return document.title")).isEqualTo("(1) CareCall");

        // Shown on a visible screen: that, and only that, makes the call NOTIFIED and the unit hears it.
        assertThat(device.receipt(WAIT, AlarmState.NOTIFIED)).isNotNull();
        long shownMs = ((Number) wang.script("return window.carecallShownAt[arguments[0]]", press.id())).longValue()
                - pressed.toEpochMilli();
        long notifiedMs = hub.hub().calls().alarms().find(press.id()).orElseThrow().handling().notifiedAt().toEpochMilli()
                - pressed.toEpochMilli();
        System.out.printf("console: press to a ringing card on screen %d ms, press to NOTIFIED stored %d ms%n",
                shownMs, notifiedMs);

        // The tone loops while nobody has taken the call.
        long tonesBefore = tones(wang);
        Thread.sleep(3000);
        assertThat(tones(wang)).as("the tone keeps sounding").isGreaterThanOrEqualTo(tonesBefore + 2);
        assertThat(((Number) wang.script("return window.carecallRinger.period")).doubleValue()).isPositive();
        assertThat(((Number) lina.script("return window.carecallRinger.vibrations")).intValue())
                .as("the phone vibrated").isPositive();
        wang.screenshot(SCREENSHOTS.resolve("board-ringing.png"));
        lina.screenshot(SCREENSHOTS.resolve("board-ringing-phone.png"));

        wang.click(card + " button[data-action=acknowledge]");

        lina.until(WAIT, () -> lina.exists(card + "[data-state=ACKNOWLEDGED][data-ringing=false]"));
        assertThat(lina.text(card)).contains("Wang Li 已接单");
        assertThat(lina.attribute("body", "data-ringing")).isEqualTo("false");
        assertThat(lina.exists(card + " button[data-action=arrive]")).as("only the taker marks arrival").isFalse();
        assertThat(lina.exists(card + " button[data-action=resolve]")).isFalse();
        lina.until(WAIT, () -> ((Number) lina.script("return window.carecallRinger.period")).doubleValue() == 0);
        long stopped = tones(lina);
        Thread.sleep(2500);
        assertThat(tones(lina)).as("no tone once the call is taken").isLessThanOrEqualTo(stopped + 1);
        Receipt coming = device.receipt(WAIT, AlarmState.ACKNOWLEDGED);
        assertThat(coming).isNotNull();
        assertThat(coming.by()).isEqualTo("Wang Li");

        wang.click(card + " button[data-action=arrive]");
        wang.until(WAIT, () -> wang.exists(card + "[data-state=ON_SITE]"));
        wang.click(card + " button[data-action=resolve]");
        wang.find("#resolve-form select[name=outcome]").sendKeys("Helped");
        wang.find("#resolve-form textarea[name=note]").sendKeys("helped back to bed, no injury");
        wang.find("#resolve-form button[type=submit]").click();

        wang.until(WAIT, () -> !wang.exists(card));
        lina.until(WAIT, () -> !lina.exists(card));
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().handling().outcome()).isEqualTo("HELPED");
        assertThat(device.receipt(WAIT, AlarmState.RESOLVED)).isNotNull();
    }

    @Test
    void aConsoleInTheBackgroundGetsASystemNotificationThatVibratesAndItsTitleCountsTheCalls() throws Exception {
        assertThat(lina.asyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.serviceWorker.ready.then(() => done(true))")).as("the service worker is running").isEqualTo(true);
        lina.hide();
        Instant pressed = Instant.now();
        AlarmReport press = device.newAlarm();
        device.send(press);

        // Wang's visible console confirms at once; wait for the hidden phone's own notification to count too.
        lina.until(WAIT, () -> {
            try {
                return hub.hub().calls().alarms().timeline(press.id()).stream().anyMatch(row -> row.actor().equals("staff:lina"));
            } catch (Exception e) {
                return false;
            }
        });
        lina.bringBack();

        assertThat(lina.script("return window.carecallRinger.hiddenWhenNotified[arguments[0]]", press.id()))
                .as("the page was hidden when it notified").isEqualTo(true);
        long notifiedMs = ((Number) lina.script("return window.carecallRinger.notifiedAt[arguments[0]]", press.id()))
                .longValue() - pressed.toEpochMilli();
        System.out.printf("console: press to a system notification on a hidden phone %d ms%n", notifiedMs);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shown = (List<Map<String, Object>>) lina.asyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((list) => done(list.map("
                        + "(n) => ({ tag: n.tag, title: n.title, body: n.body, sticky: n.requireInteraction,"
                        + " vibrate: Array.from(n.vibrate || []) }))))");
        assertThat(shown).singleElement().satisfies(notification -> {
            assertThat(notification.get("tag")).isEqualTo(press.id());
            // A locked phone shows what the community chose, by default the kind and the grid: no name, no address.
            assertThat((String) notification.get("title")).contains("一键呼叫").doesNotContain("Zhang Min");
            assertThat((String) notification.get("body")).contains("Grid 3").doesNotContain("2-101");
            assertThat(notification.get("sticky")).as("stays until acted on").isEqualTo(true);
            assertThat((List<?>) notification.get("vibrate")).as("vibrates").isNotEmpty();
        });
        assertThat(lina.script("return document.title")).isEqualTo("(1) CareCall 一键呼叫");
        assertThat(lina.attribute("#icon", "href")).startsWith("data:image/png");
    }

    @Test
    void theLongestWaitingCallIsOnTopAndTakenCallsGoBelow() throws Exception {
        AlarmReport first = device.newAlarm();
        device.send(first);
        wang.until(WAIT, () -> wang.exists("li[data-alarm-id='" + first.id() + "']"));
        Thread.sleep(1100);
        AlarmReport second = device.newAlarm();
        device.send(second);
        AlarmReport third = device.newAlarm();
        device.send(third);
        wang.until(WAIT, () -> wang.exists("li[data-alarm-id='" + third.id() + "']"));

        assertThat(order(wang)).containsExactly(first.id(), second.id(), third.id());

        wang.click("li[data-alarm-id='" + first.id() + "'] button[data-action=acknowledge]");
        wang.until(WAIT, () -> order(wang).getLast().equals(first.id()));
        assertThat(order(wang)).containsExactly(second.id(), third.id(), first.id());
        wang.screenshot(SCREENSHOTS.resolve("board-order.png"));
    }

    @Test
    void iAmComingIsOfferedWhereTheCallRingsAndToSupervisorsAndAnUntakenCallIsClosedOnlyByASupervisor()
            throws Exception {
        xincheng.staff("chen", "Chen Jie", Role.SUPERVISOR);
        String grid4 = hub.hub().people().community().addArea(xincheng.site().id(), "Grid 4").id();
        hub.hub().people().roster().toggle(xincheng.staff("zhou", "Zhou Qing", Role.DUTY).id(), true, grid4);
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";
        lina.until(WAIT, () -> lina.exists(card));
        assertThat(lina.exists(card + " button[data-action=acknowledge]")).as("it rings her grid").isTrue();
        assertThat(lina.exists(card + " button[data-action=resolve]")).as("no Close beside I'm coming").isFalse();

        // Grid 4's worker sees her community's call but is not invited to take it: it rings grid 3.
        try (Browser zhou = Browser.trusting(hub.certificate())) {
            zhou.open(url());
            zhou.login("zhou", "zhou-password-1");
            zhou.until(WAIT, () -> zhou.exists(card));
            assertThat(zhou.attribute(card, "data-ringing")).isEqualTo("false");
            assertThat(zhou.exists(card + " button[data-action=acknowledge]")).as("not offered to grid 4").isFalse();
        }

        try (Browser chen = Browser.trusting(hub.certificate())) {
            chen.open(url());
            chen.click("#lang");
            chen.login("chen", "chen-password-1");
            chen.until(WAIT, () -> chen.exists(card + " button[data-action=resolve]"));
            assertThat(chen.exists(card + " button[data-action=acknowledge]")).as("offered to a supervisor").isTrue();
            chen.click(card + " button[data-action=resolve]");
            assertThat(chen.text("#resolve-title")).contains("supervisor");
            assertThat(chen.text("#resolve-note-label")).isEqualTo("Reason (required)");
            chen.find("#resolve-form select[name=outcome]").sendKeys("False alarm");
            chen.find("#resolve-form textarea[name=note]").sendKeys("phoned her: pressed while cleaning");
            chen.find("#resolve-form button[type=submit]").click();
            chen.until(WAIT, () -> !chen.exists(card));
        }
        lina.until(WAIT, () -> !lina.exists(card));
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().state()).isEqualTo(AlarmState.RESOLVED);
    }

    @Test
    void aDutyWorkerSeesOnlyHerTabsAndARefusalIsASentenceInHerLanguage() throws Exception {
        assertThat(visibleTabs(lina)).containsExactly("board", "today", "orders", "history", "residents", "roster");
        assertThat(visibleTabs(wang)).containsExactly("board", "today", "orders", "history", "residents", "roster");

        Object answer = lina.asyncScript("const done = arguments[arguments.length - 1];"
                + " import('/console/api.js').then((m) => m.api('GET', '/api/devices')).catch((e) => done(e.message))");
        assertThat((String) answer).isEqualTo("您的角色不能进行此操作。");
        // A real hub's console has no simulator panel and asks nothing of one.
        assertThat(lina.exists("#panel")).isFalse();
        assertThat((String) lina.script("return document.documentElement.outerHTML")).doesNotContain("/demo/");
    }

    @Test
    void noPageIsWiderThanThePhone() throws Exception {
        device.send(new Hello("0.1.0", "test", "boot-1", 1, 0, Instant.now()));
        device.send(device.newAlarm());
        lina.until(WAIT, () -> lina.exists("li.alarm"));
        hub.hub().units().devices().create("bed-0009", "hall", null).join(); // a unit not yet placed: its code at once
        for (int width : new int[] {390, 360}) {
            try (Browser admin = Browser.phone(hub.certificate(), width)) {
                admin.open(url());
                assertThat(admin.find("#link").isDisplayed()).as("no 'not connected' before a login").isFalse();
                admin.login("admin", TestHub.ADMIN_PASSWORD); // alerts started: the start-duty card leaves the foot
                assertThat(height(admin, "header")).as("the header in two rows at %d px", width).isLessThan(120);
                assertThat(admin.find("#link").isDisplayed()).isTrue();
                for (String tab : List.of("board", "orders", "history", "residents", "devices", "roster", "reports")) {
                    admin.click("[data-tab=" + tab + "]");
                    admin.until(WAIT, () -> !Boolean.TRUE.equals(admin.script("return document.getElementById('"
                            + tab + "').hidden")));
                    Thread.sleep(400); // the page's data arrives
                    long wide = ((Number) admin.script("return document.documentElement.scrollWidth")).longValue();
                    Object widest = admin.script("return [...document.querySelectorAll('body *')].filter((e) =>"
                            + " e.getBoundingClientRect().right > arguments[0] + 1).map((e) => e.tagName + '#' + e.id"
                            + " + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 5).join(', ')", width);
                    assertThat(wide).as("the %s page at %d px (too wide: %s)", tab, width, widest)
                            .isLessThanOrEqualTo(width);
                    if (width == 390 && (tab.equals("devices") || tab.equals("residents"))) {
                        admin.screenshot(SCREENSHOTS.resolve(tab + "-phone.png"));
                    }
                }
                // The enrolment code, its QR and the command on one screen: nothing scrolls the title away.
                admin.click("[data-tab=devices]");
                admin.until(WAIT, () -> admin.exists("tr[data-device-id=bed-0009] button[data-action=code]"));
                admin.click("tr[data-device-id=bed-0009] button[data-action=code]");
                admin.until(WAIT, () -> admin.find("#enrolment").isDisplayed());
                assertThat(admin.script("const d = document.getElementById('enrolment');"
                        + " return d.scrollHeight <= d.clientHeight && d.getBoundingClientRect().bottom <= innerHeight"))
                        .as("the enrolment dialog fits a %d px phone", width).isEqualTo(true);
                admin.click("#enrolment button[data-close]");
            }
        }
    }

    private static double height(Browser browser, String css) {
        return ((Number) browser.script("return document.querySelector(arguments[0]).getBoundingClientRect().height",
                css)).doubleValue();
    }

    @Test
    void theConsoleIsAnAppOnASecureOriginThatSaysWhenCallsCannotReachIt() throws Exception {
        assertThat(lina.script("return window.isSecureContext")).isEqualTo(true);
        assertThat(lina.script("return location.protocol")).isEqualTo("https:");
        assertThat(lina.asyncScript("const done = arguments[arguments.length - 1];"
                + " fetch('/manifest.webmanifest').then((r) => r.json()).then((m) => done(m.display + ' ' + m.icons.length))"))
                .isEqualTo("standalone 2");
        assertThat(lina.asyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.serviceWorker.ready.then((r) => done(r.active.scriptURL))")).isEqualTo(url() + "sw.js");
        assertThat(lina.script("return window.carecallRinger.wakeLock")).as("the screen is kept on").isEqualTo(true);

        // The hub goes away (the Wi-Fi, say): the phone says calls cannot reach it.
        hub.close();
        try {
            lina.until(WAIT, () -> lina.find("#offline").isDisplayed());
        } catch (RuntimeException e) {
            throw new AssertionError("link " + lina.attribute("#link", "data-state") + "; " + lina.pageLog(), e);
        }
        assertThat(lina.text("#offline")).contains("呼叫无法到达这部手机");
        lina.screenshot(SCREENSHOTS.resolve("offline-phone.png"));
        hub = TestHub.start(); // for stop(), which closes it again
    }

    @Test
    void aCallThatReachedNobodyIsASystemAlarmOnTheConsoleThatOpensAndItsSightingMakesItNotified() throws Exception {
        try (TestHub plain = TestHub.startWithHttps(config -> { })) {
            TestCommunity community = TestCommunity.create(plain.hub()); // nobody on duty, no console open
            try (TestDevice unit = community.connectUnit(); Browser chen = Browser.phone(plain.certificate())) {
                community.staff("chen", "Chen Jie", Role.SUPERVISOR);
                AlarmReport press = unit.newAlarm();
                unit.send(press);
                assertThat(unit.receipt(WAIT, AlarmState.RECEIVED)).isNotNull();
                chen.until(WAIT, () -> plain.hub().calls().escalation().ringing().unreached(press.id()));
                assertThat(plain.hub().calls().alarms().find(press.id()).orElseThrow().state()).isEqualTo(AlarmState.RECEIVED);

                chen.open(plain.consoleUrl());
                chen.grant(plain.consoleUrl(), "notifications", "wakeLockScreen");
                chen.login("chen", "chen-password-1");

                chen.until(WAIT, () -> chen.find("#unreached").isDisplayed());
                assertThat(chen.text("#unreached")).contains("升级已无法联系到任何人").contains("Zhang Min");
                assertThat(unit.receipt(WAIT, AlarmState.NOTIFIED)).as("NOTIFIED once Chen's screen showed it").isNotNull();
                assertThat(plain.hub().calls().alarms().timeline(press.id())).filteredOn(row -> row.action().equals("NOTIFIED"))
                        .singleElement().satisfies(row -> assertThat(row.actor()).isEqualTo("staff:chen"));
                chen.screenshot(SCREENSHOTS.resolve("nobody-reached-phone.png"));
                chen.click("li[data-alarm-id='" + press.id() + "'] button[data-action=acknowledge]");
                chen.until(WAIT, () -> !chen.find("#unreached").isDisplayed()); // until someone takes it

                chen.click("[data-tab=history]");
                chen.until(WAIT, () -> chen.exists("#history-list li[data-alarm-id='" + press.id() + "'] button"));
                chen.click("#history-list li[data-alarm-id='" + press.id() + "'] button");
                chen.until(WAIT, () -> chen.text("#timeline-rows") != null && chen.text("#timeline-rows").contains("Chen Jie"));
                assertThat(chen.text("#timeline-rows")).contains("第 1 级（本网格值班人员）：无人值班，立即转下一级")
                        .contains("（因为第 1 级没有联系到任何人）") // why it climbed to step 2
                        .contains("所有级别都无人接收到").contains("Chen Jie 看到了呼叫").contains("Chen Jie 接单")
                        .doesNotContain("{");
            }
        }
    }

    @Test
    void aDroppedLinkReconnectsByItselfAndLosesNoCall() throws Exception {
        lina.script("window.carecallDropLink()");
        AlarmReport press = device.newAlarm();
        device.send(press); // while the console's WebSocket is down

        lina.until(WAIT, () -> "up".equals(lina.attribute("#link", "data-state")));
        lina.until(WAIT, () -> lina.exists("li[data-alarm-id='" + press.id() + "']"));
    }

    @Test
    void aUnitWhoseClockIsHoursOffSaysSoOnItsCard() throws Exception {
        device.send(new Hello("0.1.0", "test", "boot-1", 1, 0, Instant.now().plus(Duration.ofHours(3))));
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";

        wang.until(WAIT, () -> wang.exists(card));

        assertThat(wang.text(card)).contains("unit clock 3 h ahead");
        lina.until(WAIT, () -> lina.exists(card));
        assertThat(lina.text(card)).contains("设备时钟快 3 小时");
    }

    @Test
    void aFailingStoreIsASystemAlarmOnEveryConsoleUntilItCommitsAgain() throws Exception {
        assertThat(wang.find("#system-alarm").isDisplayed()).isFalse();

        hub.hub().calls().events().publish(new HubEvent.StoreHealthChanged(false, "database or disk is full"));

        for (Browser console : new Browser[] {wang, lina}) {
            console.until(WAIT, () -> console.find("#system-alarm").isDisplayed());
        }
        assertThat(wang.text("#system-alarm")).contains("cannot store new calls").contains("disk is full");
        assertThat(lina.text("#system-alarm")).contains("无法保存新呼叫");
        wang.screenshot(SCREENSHOTS.resolve("system-alarm.png"));

        hub.hub().calls().events().publish(new HubEvent.StoreHealthChanged(true, null));

        for (Browser console : new Browser[] {wang, lina}) {
            console.until(WAIT, () -> !console.find("#system-alarm").isDisplayed());
        }
    }

    @Test
    void theResidentsFileIsOneTapAwayAndHtmlInItIsShownAsText() throws Exception {
        String id = hub.hub().units().devices().find("bed-0001").orElseThrow().residentId();
        var zhang = hub.hub().people().community().resident(id).orElseThrow();
        hub.hub().people().community().saveResident(new org.carecall.hub.community.Resident(zhang.id(), zhang.areaId(),
                "<b>Zhang</b> Min", null, zhang.address(), zhang.room(), "138 0013 8000", zhang.dateOfBirth(),
                zhang.languages(), "<script>window.pwned = true</script>insulin at 8:00", "metformin", "walks with a frame",
                java.util.List.of(new org.carecall.hub.community.Resident.Contact("Zhang Wei", "son", "13800000000")),
                zhang.riskLevel(), false));
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";
        wang.until(WAIT, () -> wang.exists(card));

        wang.click(card + " button[data-action=file]");

        wang.until(WAIT, () -> wang.find("#file").isDisplayed());
        assertThat(wang.find("#file-name").getText()).isEqualTo("<b>Zhang</b> Min");
        assertThat(wang.find("#file-details").getText()).contains("<script>window.pwned = true</script>insulin at 8:00")
                .contains("high").doesNotContain("HIGH").contains("metformin").contains("walks with a frame");
        // Her own phone, one tap to call: a cancelled call is confirmed by phoning her.
        assertThat(wang.attribute("#file-details dd.phone a", "href")).isEqualTo("tel:138 0013 8000");
        assertThat(wang.find("#file-contacts").getText()).contains("Zhang Wei").contains("13800000000");
        assertThat(wang.script("return window.pwned === true")).isEqualTo(false);
        ReliabilityLedger.record(new ReliabilityLedger.Check("html-shown-as-text", "a resident's name and notes"
                + " holding HTML or script are shown as text in the console", "in headless Chromium: the tags are"
                + " visible as text and the script did not run"));
        assertThat(wang.text(card)).contains("<b>Zhang</b> Min");
        wang.screenshot(SCREENSHOTS.resolve("resident-file.png"));
    }

    private static long tones(Browser browser) {
        return ((Number) browser.script("return window.carecallRinger.tones")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> order(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll('#alarms > li')].map((li) => li.dataset.alarmId)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleTabs(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll('[data-tab]')].filter((b) => !b.hidden)"
                + ".map((b) => b.dataset.tab)");
    }
}
