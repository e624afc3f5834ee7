package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * A call's news for the other hub nodes is committed by the write that stores the call, so no node can die
 * between the two. Given two nodes on one database and a console on node B, when node A stores a call
 * straight through its store (A's own parts hear nothing of it), then the news is in {@code hub_event}
 * the moment the commit completes, and the call is on B's console.
 */
class CallNewsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestHub nodeA;
    private TestHub nodeB;
    private TestLiveConsole adminOnB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(adminOnB, nodeA, nodeB);
    }

    @Test
    void aCallIsToldToTheOtherNodesInTheCommitThatStoresIt() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity community = TestCommunity.create(nodeA.hub());
        nodeB = TestHub.node(shared, config -> { });
        await().atMost(WAIT).until(() -> nodeB.hub().cluster().nodes().othersAlive());
        adminOnB = new TestLiveConsole(nodeB.hub().httpPort());
        adminOnB.auth(nodeB.admin().token());
        assertThat(adminOnB.next("ready", WAIT)).isNotNull();

        Instant now = Instant.now();
        String id = MessageIds.next();
        // Counted on the writer's thread the moment the commit completes, before its next group could begin.
        long newsAtCommit = nodeA.hub().calls().alarms().record(new NewAlarm(id, community.unit().deviceId(),
                AlarmKind.CALL_BUTTON, "call-button", now, 1, false, null, null, now, "test"))
                .thenApply(recorded -> newsOf(id)).join();

        assertThat(newsAtCommit).as("news rows of the call when its commit completed").isEqualTo(1);
        // A heard nothing of the call, so nothing of A's but that commit can have told B.
        await().atMost(WAIT).until(() -> adminOnB.callsShown().contains(id));
    }

    private long newsOf(String alarmId) {
        try (Connection connection = nodeB.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM hub_event WHERE kind = 'AlarmRaised' AND body LIKE ?")) {
            query.setString(1, "%" + alarmId + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
