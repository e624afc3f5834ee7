package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database and one test clock both sweep for the monthly summary at 09:00
 * on the 1st, at the same moment and again: Zhang Min's son and daughter each get one summary, sent by one
 * of the nodes.
 */
class MonthlySummaryAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private FamilyHubs nodeA;
    private TestHub nodeB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(nodeB, nodeA);
    }

    @Test
    void twoNodesSweepingAtOnceStoreAndSendOneSummaryPerContact() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = FamilyHubs.start("family-node-a", "2026-12-01T08:00", shared);
        nodeB = FamilyHubs.node("family-node-b", nodeA.smtp(), nodeA.clock(), shared); // knows her file from the store
        nodeA.moveTo("2026-12-01T09:00");

        ExecutorService both = Executors.newFixedThreadPool(2);
        int stored = 0;
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> sweeps = new ArrayList<>();
                for (TestHub node : List.of(nodeA.hub(), nodeB)) {
                    sweeps.add(both.submit(() -> {
                        go.await();
                        return node.hub().family().told().monthly().sweep();
                    }));
                }
                go.countDown();
                for (Future<Integer> sweep : sweeps) {
                    stored += sweep.get();
                }
            }
        } finally {
            both.shutdownNow();
        }

        assertThat(nodeA.messages()).hasSize(2);
        assertThat(stored).as("stored by the two nodes' sweeps together (their own threads may have been first)")
                .isLessThanOrEqualTo(2);
        await().atMost(WAIT).until(() -> nodeA.allDelivered(2));
        assertThat(Arrays.stream(nodeA.smtp().getReceivedMessages()).map(mail -> {
            try {
                return mail.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList()).containsExactlyInAnyOrder(FamilyHubs.SON, FamilyHubs.DAUGHTER);
    }
}
