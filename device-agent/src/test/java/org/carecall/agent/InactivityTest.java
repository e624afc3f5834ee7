package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.carecall.agent.feedback.Feedback.Phase;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.ServedKeys;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.DeviceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inactivity monitoring: a spoken, blinking warning first; a button means "I am fine"; silence raises. */
class InactivityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T09:00:00Z"));
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(TestAgents::outsideChannel);
        unit = hub.enrol("bed-0001");
        agent = TestAgents.startConfigured(hub, unit, clock, new DeviceConfig(0, 60,
                new DeviceConfig.Inactivity(true, 1, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT), null, null));
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @Test
    void noMotionForTheConfiguredHoursBringsAWarningThatAButtonCancels() throws Exception {
        clock.advance(Duration.ofMinutes(61));
        check();

        assertThat(agent.onLoop(() -> agent.feedback().shown())).isEqualTo(Phase.WARNING);
        assertThat(agent.onLoop(() -> agent.lamps().mode(Lamp.AMBER))).isEqualTo(Mode.FAST_BLINK);
        assertThat(agent.voice().lastSpoken()).isEqualTo(Voice.Clip.INACTIVITY_WARNING);

        TestAgents.tap(agent, "call-button");

        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.feedback().shown()) == Phase.IDLE);
        clock.advance(Duration.ofSeconds(61));
        check();
        Thread.sleep(500);
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).isEmpty();
        assertThat(agent.onLoop(() -> agent.outbox().all())).isEmpty();
    }

    @Test
    void theGreenKeyAnswersTheWarningAndChecksInAsItDoesSo() throws Exception {
        ServedKeys served = ServedKeys.on(hub.hub()).enable(unit.deviceId());
        await().atMost(WAIT).until(() -> agent.settings().checkInEnabled());
        clock.advance(Duration.ofMinutes(61));
        check();
        assertThat(agent.onLoop(() -> agent.feedback().shown())).isEqualTo(Phase.WARNING);

        TestAgents.tap(agent, "check-in-key");

        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.feedback().shown()) == Phase.IDLE);
        await().atMost(WAIT).until(() -> agent.voice().lastSpoken() == Voice.Clip.CHECKIN_OK);
        assertThat(served.presses()).extracting(DeviceEvent::kind).containsOnly(EventKind.CHECK_IN);
        clock.advance(Duration.ofSeconds(61));
        check();
        Thread.sleep(500);
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).isEmpty();
    }

    @Test
    void anUnansweredWarningRaisesAnInactivityAlarm() throws Exception {
        clock.advance(Duration.ofMinutes(61));
        check();
        clock.advance(Duration.ofSeconds(61));
        check();

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()))
                .extracting(alarm -> alarm.kind()).containsExactly(AlarmKind.INACTIVITY));
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.feedback().callPhase()) == Phase.RECEIVED);
    }

    @Test
    void motionKeepsTheWatchQuiet() throws Exception {
        clock.advance(Duration.ofMinutes(50));
        TestAgents.tap(agent, "motion");
        Thread.sleep(200);
        clock.advance(Duration.ofMinutes(20));
        check();

        assertThat(agent.onLoop(() -> agent.feedback().shown())).isEqualTo(Phase.IDLE);
    }

    private void check() {
        agent.onLoop(() -> {
            agent.inactivity().check();
            return null;
        });
    }
}
