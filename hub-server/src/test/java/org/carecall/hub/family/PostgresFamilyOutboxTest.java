package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** The family outbox on PostgreSQL, a fresh database for each test; and two hub nodes claiming at once. */
class PostgresFamilyOutboxTest extends FamilyOutboxContract {
    private String url;

    @Override
    protected Database open() throws Exception {
        url = TestPostgres.shared().newDatabase();
        return node();
    }

    private Database node() throws Exception {
        return TestPostgres.node(url);
    }

    @Test
    void twoNodesClaimingAtOnceTakeEachMessageOnce() throws Exception {
        store(60);
        try (Database other = node()) {
            FamilyOutbox there = new FamilyOutbox(other, clock);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> claimAfter(go, outbox, "node-a"));
            CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> claimAfter(go, there, "node-b"));
            go.countDown();

            List<String> first = a.join();
            List<String> second = b.join();
            Set<String> both = new HashSet<>(first);
            both.retainAll(second);
            assertThat(both).as("claimed by both nodes").isEmpty();
            assertThat(first.size() + second.size()).isEqualTo(60);
        }
    }

    /** Claims in small rounds until nothing is due: the rounds of both nodes interleave. */
    private List<String> claimAfter(CountDownLatch go, FamilyOutbox outbox, String node) {
        try {
            go.await();
            List<String> mine = new java.util.ArrayList<>();
            List<FamilyMessage> round;
            do {
                round = outbox.claimDue(node, 5, LEASE).join();
                round.forEach(message -> mine.add(message.id()));
            } while (!round.isEmpty());
            return mine;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
