package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** The care rounds on PostgreSQL, a fresh database for each test; and two hub nodes sweeping it at once. */
class PostgresCareRoundsTest extends CareRoundsContract {
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
    void twoNodesSweepingAtOnceMakeEachTaskOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            resident(i % 2 == 0 ? grid1 : grid2, "Resident " + i, org.carecall.hub.community.Resident.RiskLevel.MEDIUM);
        }
        try (Database other = node()) {
            VisitSweep second = new VisitSweep(new org.carecall.hub.community.Community(other, clock),
                    new CarePolicies(other, clock), new CareRounds(other, clock));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Integer> here = CompletableFuture.supplyAsync(() -> sweepAfter(go, sweep));
            CompletableFuture<Integer> there = CompletableFuture.supplyAsync(() -> sweepAfter(go, second));
            go.countDown();

            assertThat(here.join() + there.join()).isEqualTo(44);
            second.close();
        }
        List<Long> perResident = database.read(connection -> {
            try (var query = connection.prepareStatement("SELECT COUNT(*) FROM visit_task GROUP BY resident_id")) {
                List<Long> counts = new java.util.ArrayList<>();
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.add(rows.getLong(1));
                    }
                }
                return counts;
            }
        });
        assertThat(perResident).hasSize(44).containsOnly(1L);
    }

    @Test
    void aVisitRecordedOnOneNodeLeavesTheOtherNodesTodayAtOnce() throws Exception {
        sweep.sweep();
        clock.advance(java.time.Duration.ofDays(8)); // Zhang (HIGH) is due
        try (Database other = node()) {
            var community = new org.carecall.hub.community.Community(other, clock);
            var policies = new CarePolicies(other, clock);
            TodayList otherToday = new TodayList(community, policies, new CareRounds(other, clock));
            assertThat(otherToday.visits(List.of(grid1), clock.instant())).extracting(TodayList.Item::name)
                    .contains("Zhang Min");

            visit("v-here", zhang, clock.instant().atZone(SHANGHAI).toLocalDateTime().toString(), "SEEN");

            // Today is read from the store each time, never kept: the other node's next look has it.
            assertThat(otherToday.visits(List.of(grid1), clock.instant())).extracting(TodayList.Item::name)
                    .doesNotContain("Zhang Min");
        }
    }

    private static int sweepAfter(CountDownLatch go, VisitSweep sweep) {
        try {
            go.await();
            return sweep.sweep();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
