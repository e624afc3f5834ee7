package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.support.ServedKeys;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.Hello;
import org.carecall.protocol.message.PayloadCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two everyday keys on mock pins against the real hub over loopback, the hub's meaning of a press
 * stood in for by {@link ServedKeys}: stored through the outbox with the unit's own id, "received" said
 * only after the hub's PUBACK, "will keep trying" when the hub cannot be reached, nothing sent while the
 * hub's config does not enable the key.
 */
class AgentKeysTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PayloadCodec codec = new PayloadCodec();

    private TestHub hub;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agent, hub);
    }

    @Test
    void aServicePressIsStoredThenSentWithItsOwnIdAndReceivedIsSaidOnlyAfterThePuback() throws Exception {
        hub = TestHub.start();
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        ServedKeys served = ServedKeys.on(hub.hub()).enable(unit.deviceId());
        agent = TestAgents.startConnected(TestAgents.config(unit, hub.hub().mqttPort()));
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled() && agent.settings().checkInEnabled());
        assertThat(hub.hub().units().presence().has(unit.deviceId(), Hello.SERVICE_KEY)).isTrue();
        assertThat(hub.hub().units().presence().has(unit.deviceId(), Hello.CHECK_IN_KEY)).isTrue();
        served.close(); // the hub takes its time storing

        TestAgents.tap(agent, "service-key");

        OutboxEntry stored = await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all()), all -> !all.isEmpty())
                .getFirst();
        DeviceEvent event = codec.decode(DeviceEvent.class, stored.payload());
        assertThat(event.kind()).isEqualTo(EventKind.SERVICE_REQUEST);
        assertThat(event.id()).isEqualTo(stored.id());
        Thread.sleep(500); // sent, not yet acknowledged
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_RECEIVED);
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isEqualTo(1);

        served.open();

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RECEIVED));
        assertThat(served.presses()).extracting(DeviceEvent::id).contains(stored.id()).containsOnly(stored.id());
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isZero();
        assertThat(clips()).containsOnlyOnce(Voice.Clip.SERVICE_RECEIVED).doesNotContain(Voice.Clip.SERVICE_RETRYING);

        TestAgents.tap(agent, "check-in-key");
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.CHECKIN_OK));
        assertThat(served.presses()).extracting(DeviceEvent::kind).endsWith(EventKind.CHECK_IN);
        assertThat(served.presses().getLast().source()).isEqualTo("check-in-key");
    }

    @Test
    void withTheHubDownTheUnitSaysItKeepsTryingAndThePressArrivesOnceWhenTheHubIsBack() throws Exception {
        int port = TestAgents.freePort();
        Path hubData = Files.createTempDirectory("carecall-hub-");
        hub = TestHub.start(hubData, Clock.systemUTC(), config -> config.mqtt.port = port);
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        ServedKeys.on(hub.hub()).enable(unit.deviceId());
        AgentConfig config = TestAgents.config(unit, port);
        config.timing.keyRetryingAfterS = 1;
        agent = TestAgents.startConnected(config);
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled());
        hub.close();
        hub = null;
        await().atMost(WAIT).until(() -> !agent.link().connected());

        TestAgents.tap(agent, "service-key");

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RETRYING));
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_RECEIVED);
        String id = agent.onLoop(() -> agent.outbox().all()).getFirst().id();
        Thread.sleep(1500);
        assertThat(clips()).as("said once, not at every attempt").containsOnlyOnce(Voice.Clip.SERVICE_RETRYING);

        hub = TestHub.start(hubData, Clock.systemUTC(), settings -> settings.mqtt.port = port);
        ServedKeys served = ServedKeys.on(hub.hub());

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RECEIVED));
        assertThat(served.presses()).extracting(DeviceEvent::id).containsExactly(id);
        assertThat(agent.onLoop(() -> agent.outbox().pending())).isZero();
    }

    @Test
    void aKeyTheHubHasNotEnabledBuzzesAndSendsNothing() throws Exception {
        hub = TestHub.start();
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        agent = TestAgents.startConnected(TestAgents.config(unit, hub.hub().mqttPort()));
        await().atMost(WAIT).until(() -> agent.settings().version() == 1); // the hub's config: no keys

        agent.board().simulate("service-key", true);
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.lamps().mode(Lamp.BUZZER)) == Mode.ON);
        agent.board().simulate("service-key", false);
        TestAgents.tap(agent, "check-in-key");

        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.lamps().mode(Lamp.BUZZER)) == Mode.OFF);
        assertThat(agent.onLoop(() -> agent.outbox().all())).isEmpty();
        assertThat(clips()).doesNotContain(Voice.Clip.SERVICE_RECEIVED, Voice.Clip.SERVICE_RETRYING,
                Voice.Clip.CHECKIN_OK);
        assertThat(hub.hub().units().presence().status(unit.deviceId())).isPresent();
    }

    @Test
    void theHubsSpeakIsSaidWithTheNameAndAnUnknownPromptIsRefusedWithItsReason() throws Exception {
        hub = TestHub.start();
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        agent = TestAgents.startConnected(TestAgents.config(unit, hub.hub().mqttPort()));

        var assigned = hub.hub().units().commands().send(unit.deviceId(), org.carecall.protocol.CommandName.SPEAK,
                Map.of("prompt", "service-assigned", "name", "Wang Li")).join();
        var unknown = hub.hub().units().commands().send(unit.deviceId(), org.carecall.protocol.CommandName.SPEAK,
                Map.of("prompt", "sing-a-song")).join();

        await().atMost(WAIT).untilAsserted(() -> {
            var result = hub.hub().units().commands().find(assigned.id()).orElseThrow();
            assertThat(result.ok()).isTrue();
            assertThat(result.detailJson()).contains("\"prompt\":\"service-assigned\"");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            var result = hub.hub().units().commands().find(unknown.id()).orElseThrow();
            assertThat(result.ok()).isFalse();
            assertThat(result.detailJson()).contains("unknown prompt 'sing-a-song'");
        });
        List<Voice.Spoken> spoken = agent.voice().spoken();
        assertThat(spoken).filteredOn(said -> said.clip() == Voice.Clip.SERVICE_ASSIGNED).singleElement()
                .extracting(Voice.Spoken::name).isEqualTo("Wang Li");
        assertThat(spoken).hasSize(1);
    }

    private List<Voice.Clip> clips() {
        return TestAgents.clips(agent);
    }
}
