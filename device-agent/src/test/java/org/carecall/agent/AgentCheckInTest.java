package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daily 平安 check-in with the real agent on mock pins and a whole hub on the test clock: a worker
 * switches Zhang Min's plan on in her file, and her unit's green key comes alive; at the deadline the unit
 * says the reminder; her press closes the day as KEY and the unit thanks her after the hub stored it.
 */
class AgentCheckInTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(SHANGHAI);
    private final MutableClock clock = new MutableClock(at("08:00"));

    private TestHub hub;
    private Agent agent;

    private static Instant at(String time) {
        return TODAY.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
    }

    @AfterEach
    void stop() throws Exception {
        Closing.all(agent, hub);
    }

    @Test
    void herPlanEnablesTheGreenKeyTheDeadlineSpeaksTheReminderAndHerPressClosesTheDay() throws Exception {
        TestCommunity xincheng = hubWithWangOnDuty();
        agent = Agent.start(TestAgents.config(xincheng.unit(), hub.hub().mqttPort()), Clock.systemUTC());
        await().atMost(WAIT).until(() -> agent.link().connected());
        assertThat(agent.settings().checkInEnabled()).isFalse(); // no plan yet: the key only buzzes

        TestConsole wang = xincheng.console("wang");
        String zhang = "/api/residents/" + xincheng.zhang().id();
        assertThat(wang.put(zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> agent.settings().checkInEnabled());

        clock.advance(Duration.between(clock.instant(), at("10:00")));
        hub.hub().care().checkIns().sweep().sweep();
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.CHECKIN_REMIND));

        clock.advance(Duration.ofMinutes(3));
        TestAgents.tap(agent, "check-in-key");
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.CHECKIN_OK));
        JsonNode day = wang.get(zhang + "/check-ins?from=" + TODAY + "&to=" + TODAY).body().get(0);
        assertThat(day.path("state").asText()).isEqualTo("CONFIRMED");
        assertThat(day.path("closedBy").asText()).isEqualTo("KEY");
        assertThat(day.path("late").asBoolean()).isFalse();

        clock.advance(Duration.ofMinutes(7));
        hub.hub().care().checkIns().sweep().sweep();
        Thread.sleep(500);
        assertThat(clips()).containsOnlyOnce(Voice.Clip.CHECKIN_REMIND); // closed: no second reminder at 10:10
    }

    @Test
    void aPressAt0912ClosesTheDayAsKeyAt0912TheThanksComeOnceItIsStoredAndNoReminderFollows() throws Exception {
        TestCommunity xincheng = hubWithWangOnDuty();
        TestConsole wang = xincheng.console("wang");
        String zhang = "/api/residents/" + xincheng.zhang().id();
        assertThat(wang.put(zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}").status()).isEqualTo(200);
        // The agent on the hub's test clock: the press's own time is the unit's clock, as on a real unit.
        agent = Agent.start(TestAgents.config(xincheng.unit(), hub.hub().mqttPort()), clock);
        await().atMost(WAIT).until(() -> agent.link().connected() && agent.settings().checkInEnabled());
        clock.advance(Duration.between(clock.instant(), at("09:00")));
        hub.hub().care().checkIns().sweep().sweep(); // her day is made, waiting

        clock.advance(Duration.ofMinutes(12));
        TestAgents.tap(agent, "check-in-key");
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.CHECKIN_OK));
        // Said only after the hub's PUBACK, which comes after the store: the day is closed when she hears it.
        var day = hub.hub().care().checkIns().store().day(xincheng.zhang().id(), TODAY).orElseThrow();
        assertThat(day.state()).isEqualTo("CONFIRMED");
        assertThat(day.closedBy()).isEqualTo("KEY");
        assertThat(day.closedAt()).isEqualTo(at("09:12"));
        assertThat(day.late()).isFalse();

        clock.advance(Duration.between(clock.instant(), at("10:00")));
        hub.hub().care().checkIns().sweep().sweep();
        clock.advance(Duration.ofMinutes(10));
        hub.hub().care().checkIns().sweep().sweep();
        Thread.sleep(500);
        assertThat(clips()).doesNotContain(Voice.Clip.CHECKIN_REMIND).containsOnlyOnce(Voice.Clip.CHECKIN_OK);
    }

    /** A whole hub on the test clock with Xincheng and Wang on duty in Zhang Min's grid. */
    private TestCommunity hubWithWangOnDuty() throws Exception {
        // The test clock jumps hours: the unit, connected throughout, must not count as silent.
        hub = TestHub.start(Files.createTempDirectory("carecall-agent-check-in-"), clock,
                config -> config.supervision.offlineAfterS = 6 * 3600);
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        return xincheng;
    }

    private List<Voice.Clip> clips() {
        return agent.voice().spoken().stream().map(Voice.Spoken::clip).toList();
    }
}
