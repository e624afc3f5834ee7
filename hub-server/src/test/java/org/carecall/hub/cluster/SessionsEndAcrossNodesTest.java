package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database: Wang's desk is logged in on node B, his phone on node A. When
 * he chooses a new password on his phone, the desk's session ends on B too, and B closes its live console,
 * although B kept that session in memory.
 */
class SessionsEndAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub nodeA;
    private TestHub nodeB;
    private TestLiveConsole deskOnB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(deskOnB, nodeA, nodeB);
    }

    @Test
    void aPasswordChosenOnOneNodeEndsTheOtherSessionsAndConsolesOnAnother() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        nodeA.hub().people().staff().create("wang", "Wang Li", Role.SUPERVISOR, null, null, "wang-password-1").join();
        nodeB = TestHub.node(shared, config -> { });
        TestConsole desk = TestConsole.login(nodeB.hub().httpPort(), "wang", "wang-password-1");
        deskOnB = new TestLiveConsole(nodeB.hub().httpPort());
        deskOnB.auth(desk.token());
        assertThat(deskOnB.next("ready", WAIT)).isNotNull();
        TestConsole phone = TestConsole.login(nodeA.hub().httpPort(), "wang", "wang-password-1");

        assertThat(phone.post("/api/me/password", "{\"current\":\"wang-password-1\",\"new\":\"wang-new-password-2\"}")
                .status()).isEqualTo(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(desk.get("/api/me").status()).isEqualTo(401));
        assertThat(deskOnB.next("error", WAIT).path("error").asText()).isEqualTo("session-ended");
        await().atMost(WAIT).until(deskOnB::closed);
        assertThat(TestConsole.withToken(nodeB.hub().httpPort(), phone.token()).get("/api/me").status())
                .as("the phone's session holds on every node").isEqualTo(200);
        assertThat(TestConsole.anonymous(nodeB.hub().httpPort()).post("/api/session",
                "{\"username\":\"wang\",\"password\":\"wang-new-password-2\"}").status()).isEqualTo(200);
    }
}
