package org.carecall.hub.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live stream: a press reaches the duty console at once, taking it reaches every console, nothing is missed. */
class LiveConsolesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TestHub hub;
    private TestDevice device;
    private TestConsole wang;
    private TestConsole zhou;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        xincheng.staff("zhou", "Zhou Bo", Role.TECHNICIAN);
        device = xincheng.connectUnit();
        wang = xincheng.console("wang");
        zhou = xincheng.console("zhou");
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        hub.close();
    }

    @Test
    void aPressReachesTheDutyConsoleRingingAndTakingItReachesEveryConsole() throws Exception {
        try (TestLiveConsole first = live(wang); TestLiveConsole second = live(wang)) {
            String id = press(AlarmKind.CALL_BUTTON);

            JsonNode raised = first.next("alarm.raised", WAIT);
            assertThat(raised.path("alarm").path("id").asText()).isEqualTo(id);
            assertThat(raised.path("alarm").path("resident").path("name").asText()).isEqualTo("Zhang Min");
            JsonNode ringing = first.next(message -> message.path("alarm").path("ringingForMe").asBoolean(), WAIT);
            assertThat(ringing).isNotNull();

            wang.post("/api/alarms/" + id + "/acknowledge", null);

            for (TestLiveConsole console : List.of(first, second)) {
                JsonNode taken = console.next(message -> "ACKNOWLEDGED".equals(message.path("alarm").path("state").asText()), WAIT);
                assertThat(taken).isNotNull();
                assertThat(taken.path("alarm").path("acknowledgedBy").asText()).isEqualTo("Wang Li");
                assertThat(taken.path("alarm").path("ringingForMe").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void aConsoleThatReconnectsGetsTheWholeOpenBoardSoNothingIsMissed() throws Exception {
        TestLiveConsole dropped = live(wang);
        dropped.abort();

        String id = press(AlarmKind.PULL_CORD); // while the console is away

        try (TestLiveConsole back = new TestLiveConsole(hub.hub().httpPort())) {
            back.auth(wang.token());
            JsonNode ready = back.next("ready", WAIT);
            assertThat(ready.path("alarms")).anySatisfy(alarm -> assertThat(alarm.path("id").asText()).isEqualTo(id));
        }
    }

    @Test
    void aTechnicianIsNotShownCareCallsButIsShownTechnicalAlarms() throws Exception {
        try (TestLiveConsole technician = live(zhou)) {
            press(AlarmKind.CALL_BUTTON);
            String tamper = press(AlarmKind.TAMPER);

            JsonNode raised = technician.next("alarm.raised", WAIT);
            assertThat(raised.path("alarm").path("id").asText()).isEqualTo(tamper);
        }
    }

    @Test
    void aConsoleWithoutAValidTokenIsToldAndClosed() throws Exception {
        try (TestLiveConsole stranger = new TestLiveConsole(hub.hub().httpPort())) {
            stranger.auth("forged-token");

            JsonNode refusal = stranger.next("error", WAIT);
            assertThat(refusal.path("error").asText()).isEqualTo("unauthenticated");
            await().atMost(WAIT).until(stranger::closed);
            press(AlarmKind.CALL_BUTTON);
            assertThat(stranger.next("alarm.raised", Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aConsoleWhoseSessionEndedIsClosed() throws Exception {
        TestConsole brief = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");
        try (TestLiveConsole console = live(brief)) {
            brief.delete("/api/session");

            press(AlarmKind.CALL_BUTTON);

            JsonNode ended = console.next("error", WAIT);
            assertThat(ended.path("error").asText()).isEqualTo("session-ended");
            await().atMost(WAIT).until(console::closed);
        }
    }

    private TestLiveConsole live(TestConsole console) throws Exception {
        TestLiveConsole live = new TestLiveConsole(hub.hub().httpPort());
        live.auth(console.token());
        assertThat(live.next("ready", WAIT)).isNotNull();
        await().atMost(WAIT).until(() -> hub.hub().live().count() > 0);
        return live;
    }

    private String press(AlarmKind kind) throws Exception {
        AlarmReport press = new AlarmReport(MessageIds.next(), kind, "test", java.time.Instant.now(), 1, 1, false, null);
        device.send(press);
        assertThat(device.receipt(WAIT, AlarmState.RECEIVED)).isNotNull();
        return press.id();
    }
}
