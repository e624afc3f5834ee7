package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Feedback.Phase;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Test;

/** An agent configured with ssl:// and the hub's CA certificate calls over TLS. */
class AgentTlsTest {

    @Test
    void aPressTravelsOverTls() throws Exception {
        try (TestHub hub = TestHub.startWithTls(TestAgents::outsideChannel)) {
            DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
            AgentConfig config = TestAgents.config(unit, hub.hub().mqttTlsPort());
            config.hub.uri = "ssl://127.0.0.1:" + hub.hub().mqttTlsPort();
            config.hub.caFile = hub.certificate().toString();

            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.link().connected());
                TestAgents.tap(agent, "call-button");

                await().atMost(Duration.ofSeconds(10)).until(() -> agent.onLoop(() -> agent.feedback().callPhase())
                        == Phase.RECEIVED);
                assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).hasSize(1);
            }
        }
    }
}
