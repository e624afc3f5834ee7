package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.Browser;
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
 * The duty console in a real headless Chromium: two workers of the same grid are logged in; a resident
 * presses; both consoles ring; one taps "I'm coming"; the other stops ringing and the unit hears who is
 * coming; the call is closed with a note. A dropped WebSocket loses no call.
 */
@Tag("security")
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private TestDevice device;
    private Browser wang;
    private Browser lina;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        xincheng.onDuty("lina", "Li Na");
        device = xincheng.connectUnit();
        wang = new Browser();
        lina = new Browser();
        for (Browser browser : new Browser[] {wang, lina}) {
            browser.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        }
        wang.click("#lang"); // Wang reads English; Li Na keeps the default, Chinese
        wang.login("wang", "wang-password-1");
        lina.login("lina", "lina-password-1");
    }

    @AfterEach
    void stop() throws Exception {
        wang.close();
        lina.close();
        device.close();
        hub.close();
    }

    @Test
    void aPressRingsBothConsolesAndIAmComingStopsTheOtherAndTurnsTheUnitGreen() throws Exception {
        wang.click("#sound");
        assertThat(wang.attribute("#sound", "data-state")).isEqualTo("on");
        assertThat(lina.attribute("#sound", "data-state")).isEqualTo("off"); // asks for a click first

        Instant pressed = Instant.now();
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";
        wang.until(WAIT, () -> wang.exists(card + "[data-ringing=true]"));
        System.out.printf("console: press to a ringing card in the browser took %d ms%n",
                Duration.between(pressed, Instant.now()).toMillis());
        lina.until(WAIT, () -> lina.exists(card + "[data-ringing=true]"));
        assertThat(wang.text(card)).contains("Zhang Min").contains("2-101").contains("Grid 3")
                .contains("Call button").doesNotContain("insulin");
        assertThat(lina.text(card)).contains("一键呼叫");
        assertThat(wang.attribute("body", "data-ringing")).isEqualTo("true");
        wang.screenshot(SCREENSHOTS.resolve("board-ringing.png"));

        wang.click(card + " button[data-action=acknowledge]");

        lina.until(WAIT, () -> lina.exists(card + "[data-state=ACKNOWLEDGED][data-ringing=false]"));
        assertThat(lina.text(card)).contains("Wang Li");
        assertThat(lina.attribute("body", "data-ringing")).isEqualTo("false");
        Receipt coming = device.receipt(WAIT, AlarmState.ACKNOWLEDGED);
        assertThat(coming).isNotNull();
        assertThat(coming.by()).isEqualTo("Wang Li");

        wang.click(card + " button[data-action=resolve]");
        wang.find("#resolve-form select[name=outcome]").sendKeys("Helped");
        wang.find("#resolve-form textarea[name=note]").sendKeys("helped back to bed, no injury");
        wang.find("#resolve-form button[type=submit]").click();

        wang.until(WAIT, () -> !wang.exists(card));
        lina.until(WAIT, () -> !lina.exists(card));
        assertThat(hub.hub().alarms().find(press.id()).orElseThrow().handling().outcome()).isEqualTo("HELPED");
        assertThat(device.receipt(WAIT, AlarmState.RESOLVED)).isNotNull();
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

        hub.hub().events().publish(new HubEvent.StoreHealthChanged(false, "database or disk is full"));

        for (Browser console : new Browser[] {wang, lina}) {
            console.until(WAIT, () -> console.find("#system-alarm").isDisplayed());
        }
        assertThat(wang.text("#system-alarm")).contains("cannot store new calls").contains("disk is full");
        assertThat(lina.text("#system-alarm")).contains("无法保存新呼叫");
        wang.screenshot(SCREENSHOTS.resolve("system-alarm.png"));

        hub.hub().events().publish(new HubEvent.StoreHealthChanged(true, null));

        for (Browser console : new Browser[] {wang, lina}) {
            console.until(WAIT, () -> !console.find("#system-alarm").isDisplayed());
        }
    }

    @Test
    void theResidentsFileIsOneTapAwayAndHtmlInItIsShownAsText() throws Exception {
        String id = hub.hub().devices().find("bed-0001").orElseThrow().residentId();
        var zhang = hub.hub().community().resident(id).orElseThrow();
        hub.hub().community().saveResident(new org.carecall.hub.community.Resident(zhang.id(), zhang.areaId(),
                "<b>Zhang</b> Min", zhang.address(), zhang.room(), zhang.dateOfBirth(), zhang.language(),
                "<script>window.pwned = true</script>insulin at 8:00",
                java.util.List.of(new org.carecall.hub.community.Resident.Contact("Zhang Wei", "son", "13800000000")),
                zhang.riskLevel()));
        AlarmReport press = device.newAlarm();
        device.send(press);
        String card = "li[data-alarm-id='" + press.id() + "']";
        wang.until(WAIT, () -> wang.exists(card));

        wang.click(card + " button[data-action=file]");

        wang.until(WAIT, () -> wang.find("#file").isDisplayed());
        assertThat(wang.find("#file-name").getText()).isEqualTo("<b>Zhang</b> Min");
        assertThat(wang.find("#file-details").getText()).contains("<script>window.pwned = true</script>insulin at 8:00");
        assertThat(wang.find("#file-contacts").getText()).contains("Zhang Wei").contains("13800000000");
        assertThat(wang.script("return window.pwned === true")).isEqualTo(false);
        ReliabilityLedger.record(new ReliabilityLedger.Check("html-shown-as-text", "a resident's name and notes"
                + " holding HTML or script are shown as text in the console", "in headless Chromium: the tags are"
                + " visible as text and the script did not run"));
        assertThat(wang.text(card)).contains("<b>Zhang</b> Min");
        wang.screenshot(SCREENSHOTS.resolve("resident-file.png"));
    }
}
