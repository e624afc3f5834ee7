package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Her unit (the real agent on mock pins) on hub node A, the duty worker's console on node B, both nodes on
 * one PostgreSQL database: her service key's order is on his list on B within two seconds of her unit
 * saying "received", and his taking it on B makes her unit on A say his name.
 */
class AgentWorkOrdersAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub nodeA;
    private TestHub nodeB;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        Closing.all(agent, nodeA, nodeB);
    }

    @Test
    void herKeyOnNodeAIsOnTheWorkersListOnNodeBAndHisTakingItThereIsSaidAtHerUnit() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity xincheng = TestCommunity.create(nodeA.hub());
        xincheng.onDuty("wang", "Wang Li");
        // B starts after her unit is made on A (through the Java API, which tells no other node): B reads it.
        nodeB = TestHub.node(shared, config -> { });
        TestConsole wangOnB = TestConsole.login(nodeB.hub().httpPort(), "wang", "wang-password-1");
        // Each node has seen the other alive before her unit logs in, so B hears of that login.
        await().atMost(WAIT).until(() -> nodeA.hub().cluster().othersAlive() && nodeB.hub().cluster().othersAlive());
        agent = TestAgents.startConnected(TestAgents.config(xincheng.unit(), nodeA.hub().mqttPort()));
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled());

        TestAgents.tap(agent, "service-key");
        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_RECEIVED));

        String id = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> wangOnB.get("/api/work-orders").body(), orders -> orders.size() == 1)
                .get(0).path("id").asText();
        assertThat(wangOnB.get("/api/work-orders/" + id).body().path("source").asText()).isEqualTo("KEY");
        // B addresses what it has for her unit to the login it has heard A holds (as ConsolesAcrossNodesTest).
        await().atMost(WAIT).until(() -> nodeB.hub().cluster().units().holder(xincheng.unit().deviceId())
                .filter(holder -> holder.node().equals(nodeA.hub().config().node())).isPresent());
        assertThat(wangOnB.post("/api/work-orders/" + id + "/assign", "{}").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> clips().contains(Voice.Clip.SERVICE_ASSIGNED));
        assertThat(agent.voice().spoken()).filteredOn(said -> said.clip() == Voice.Clip.SERVICE_ASSIGNED).singleElement()
                .extracting(Voice.Spoken::name).isEqualTo("Wang Li");
    }

    private List<Voice.Clip> clips() {
        return TestAgents.clips(agent);
    }
}
