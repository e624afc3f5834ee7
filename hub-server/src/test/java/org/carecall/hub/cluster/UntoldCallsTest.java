package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.alarm.NewAlarm;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.hub.store.StoreSettings;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.MessageIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node commits a call and stops before it could tell the others (killed in that moment, or cut off from
 * the database just after the commit). Given a console open on node B, when node A is lost, then B sends
 * its consoles their boards again from the store, and the call A never told of is on B's console.
 */
class UntoldCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestHub nodeA;
    private TestHub nodeB;
    private TestLiveConsole adminOnB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(adminOnB, nodeA, nodeB);
    }

    @Test
    void aCallALostNodeNeverToldOfReachesTheConsolesOfAnother() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity community = TestCommunity.create(nodeA.hub());
        nodeB = TestHub.node(shared, config -> { });
        await().atMost(WAIT).until(() -> nodeB.hub().cluster().nodes().othersAlive());
        adminOnB = new TestLiveConsole(nodeB.hub().httpPort());
        adminOnB.auth(nodeB.admin().token());
        assertThat(adminOnB.next("ready", WAIT)).isNotNull();

        // Committed on A straight through its store: no event, so no news, as when A dies after the commit.
        Instant now = Instant.now();
        String untold = nodeA.hub().alarms().record(new NewAlarm(MessageIds.next(), community.unit().deviceId(),
                AlarmKind.CALL_BUTTON, "call-button", now, 1, false, null, null, now, "test")).join().alarm().id();
        Thread.sleep(3_000); // three of B's reads of the news
        assertThat(adminOnB.callsShown()).as("B heard of it before A was lost").doesNotContain(untold);

        nodeA.close();
        nodeA = null;
        await().atMost(WAIT).until(() -> adminOnB.callsShown().contains(untold));
    }
}
