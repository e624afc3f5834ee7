package org.carecall.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Test;

/** What a technician reads at the unit: the hub reachable or not, and what the outbox holds. */
class UnitStatusTest {

    @Test
    void aUnitWhoseHubIsDownSaysSoAndShowsThePressItIsKeeping() throws Exception {
        DeviceRegistry.Enrolled unit;
        try (TestHub enrolling = TestHub.start()) {
            unit = enrolling.enrol("bed-0001");
        }
        AgentConfig config = TestAgents.config(unit, TestAgents.freePort());
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            TestAgents.tap(agent, "call-button");
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.onLoop(() -> agent.outbox().pending()) == 1);
        }

        List<UnitStatus.Check> checks = UnitStatus.check(config);

        assertThat(checks).extracting(UnitStatus.Check::name).containsExactly("configuration", "hub", "outbox", "storage",
                "call");
        assertThat(checks.get(1).ok()).isFalse();
        assertThat(checks.get(1).detail()).contains("cannot be reached");
        assertThat(checks.get(2).detail()).contains("integrity ok, 1 message not yet received");
        assertThat(checks.get(3).ok()).isTrue();
        assertThat(checks.get(3).detail()).contains("reserve for a full card is in place");
        assertThat(checks.get(4).toString()).contains("NOT YET RECEIVED");
    }

    @Test
    void aHealthyUnitPassesEveryCheck() throws Exception {
        try (TestHub hub = TestHub.start()) {
            AgentConfig config = TestAgents.config(hub.enrol("bed-0002"), hub.hub().mqttPort());

            List<UnitStatus.Check> checks = UnitStatus.check(config);

            assertThat(checks).allMatch(UnitStatus.Check::ok);
            assertThat(checks.get(2).detail()).contains("empty");
        }
    }
}
