package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.carecall.hub.alarm.AlarmStore.Claim;
import org.carecall.hub.alarm.AlarmStore.Round;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** The alarm store's contract on PostgreSQL: Debian's server, a fresh database for each test. */
class PostgresAlarmStoreTest extends AlarmStoreContract {
    private Database database;
    private String url;

    @Override
    protected AlarmStore open() throws Exception {
        url = TestPostgres.shared().newDatabase();
        database = Database.postgres(new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD));
        return new SqlAlarmStore(database, NEWS);
    }

    @Override
    protected void close() {
        database.close();
    }

    @Override
    protected Database database() {
        return database;
    }

    /**
     * Another node's open transaction holds the call's row (its group commit took a sighting, say): the
     * claim does not wait for it, and says BUSY rather than LOST, so the step is asked for again, not dropped.
     */
    @Test
    void aClaimOnARowAnotherTransactionHoldsIsBusyNotLostAndDoesNotWait() throws Exception {
        store.record(press("a-1", "bed-1", null)).join();
        store.scheduleEscalation("a-1", T0.plusSeconds(120)).join();
        try (Connection other = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            other.setAutoCommit(false);
            try (PreparedStatement hold = other.prepareStatement("UPDATE alarm SET notified_at = 1 WHERE id = 'a-1'")) {
                assertThat(hold.executeUpdate()).isEqualTo(1);
            }

            assertThat(store.claimEscalation("a-1", TAKEABLE, 0, 1, T0.plusSeconds(30)).join().outcome()).isEqualTo(Claim.BUSY);
            assertThat(store.claimRound("a-1", T0.plusSeconds(120), T0.plusSeconds(180), entry("UNREACHED"), UNREACHED_NEWS).join()
                    .outcome()).isEqualTo(Round.BUSY);
            assertThat(store.find("a-1").orElseThrow().handling().escalationStep()).isZero();

            other.rollback();
        }
        assertThat(store.claimEscalation("a-1", TAKEABLE, 0, 1, T0.plusSeconds(120)).join().outcome()).isEqualTo(Claim.WON);
        assertThat(store.claimRound("a-1", T0.plusSeconds(120), T0.plusSeconds(180), entry("UNREACHED"), UNREACHED_NEWS).join()
                .outcome()).isEqualTo(Round.FIRST);
    }
}
