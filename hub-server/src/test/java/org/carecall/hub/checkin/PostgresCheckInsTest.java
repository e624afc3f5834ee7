package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** The check-in on PostgreSQL, a fresh database for each test; and two hub nodes sweeping the ladder at once. */
class PostgresCheckInsTest extends CheckInsContract {
    private String url;

    @Override
    protected Database open() throws Exception {
        url = TestPostgres.shared().newDatabase();
        return node();
    }

    private Database node() throws Exception {
        return Database.postgres(new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD));
    }

    @Test
    void twoNodesSweepingEveryStepAtOnceRemindOncePerStepAndRingOnce() throws Exception {
        try (Database other = node()) {
            CheckIns otherStore = new CheckIns(other, clock);
            CheckInSweep second = new CheckInSweep(otherStore, homes, units,
                    new CheckInDesk(otherStore, homes, units, clock, Runnable::run),
                    new CheckInKeys(homes, java.util.Map.of()), clock);
            for (String time : new String[] {"09:55", "10:00", "10:10", "10:15", "12:00", "13:00"}) {
                clock.advance(java.time.Duration.between(clock.instant(), at(time)));
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Integer> here = CompletableFuture.supplyAsync(() -> sweepAfter(go, sweep));
                CompletableFuture<Integer> there = CompletableFuture.supplyAsync(() -> sweepAfter(go, second));
                go.countDown();
                here.join();
                there.join();
            }
            second.close();
        }
        assertThat(units.reminders).hasSize(2);
        assertThat(units.rings).hasSize(1);
        assertThat(today().familyDueAt()).isNotNull();
    }

    private static int sweepAfter(CountDownLatch go, CheckInSweep sweep) {
        try {
            go.await();
            return sweep.sweep();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
