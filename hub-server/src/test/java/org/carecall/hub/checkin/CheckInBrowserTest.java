package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.Test;

/**
 * A grid worker's phone (360 px, Chromium) on a hub with the test clock: Zhang Min does not check in by
 * 10:00; at 10:15 she is on Wang's Today under "Not checked in", and at 12:00 the CHECK_IN_MISSED call rings
 * Wang's console like any call.
 */
class CheckInBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final MutableClock clock = new MutableClock(at("08:00"));

    private static Instant at(String time) {
        return LocalDateTime.parse(java.time.LocalDate.now(SHANGHAI) + "T" + time).atZone(SHANGHAI).toInstant();
    }

    private void sweepAt(TestHub hub, String time) throws Exception {
        clock.advance(Duration.between(clock.instant(), at(time)));
        hub.hub().care().checkIns().sweep().sweep();
    }

    @Test
    void herMissedCheckInIsOnTodayAt1015AndRingsTheGridWorkersConsoleAtNoon() throws Exception {
        try (TestHub hub = TestHub.start(Files.createTempDirectory("carecall-check-in-browser-"), clock,
                // The test clock jumps hours at a time: the unit, connected throughout, must not count as silent.
                config -> config.supervision.offlineAfterS = 6 * 3600)) {
            TestCommunity xincheng = TestCommunity.create(hub.hub());
            xincheng.onDuty("wang", "Wang Li");
            assertThat(xincheng.console("wang").put("/api/residents/" + xincheng.zhang().id() + "/check-in",
                    "{\"enabled\":true,\"deadline\":\"10:00\"}").status()).isEqualTo(200);
            try (TestDevice device = xincheng.connectUnit(); Browser wang = Browser.phone(null, 360)) {
                wang.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
                wang.click("#lang");
                wang.login("wang", "wang-password-1");
                sweepAt(hub, "10:00");
                sweepAt(hub, "10:10");
                sweepAt(hub, "10:15");

                wang.click("[data-tab=today]");
                String card = "#today-checkins li[data-resident-id='" + xincheng.zhang().id() + "']";
                wang.until(WAIT, () -> wang.exists(card));
                assertThat(wang.text(card)).contains("Zhang Min").contains("No check-in by 10:00").contains("3 Hongqi Lane");
                assertThat(wang.exists(card + " button[data-action=check-in-claim]")).isTrue();
                assertThat((Long) wang.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360L);
                wang.screenshot(SCREENSHOTS.resolve("today-check-in-phone.png"));
                wang.click("#lang");
                wang.click("#today-refresh");
                wang.until(WAIT, () -> wang.text(card).contains("今天 10:00 前未报平安"));
                assertThat((Long) wang.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360L);
                wang.screenshot(SCREENSHOTS.resolve("today-check-in-phone-zh.png"));
                wang.click("#lang");

                sweepAt(hub, "12:00");
                Alarm call = hub.hub().calls().alarms().openAlarmsOf(xincheng.unit().deviceId()).stream()
                        .filter(alarm -> alarm.kind() == AlarmKind.CHECK_IN_MISSED).findFirst().orElseThrow();
                wang.click("[data-tab=board]");
                String ringing = "li[data-alarm-id='" + call.id() + "'][data-ringing=true]";
                wang.until(WAIT, () -> wang.exists(ringing));
                assertThat(wang.text("li[data-alarm-id='" + call.id() + "']")).contains("Zhang Min").contains("No check-in");
            }
        }
    }
}
