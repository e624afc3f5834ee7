package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The doorbell wakes other nodes' feeds; a node alone keeps its news rows but does not ring, since the
 * only feed listening would be its own.
 */
class DoorbellTest {

    @Test
    void newsIsAlwaysKeptButTheBellRingsOnlyWhileAnotherNodeIsAlive() throws Exception {
        String url = TestPostgres.shared().newHubDatabase();
        AtomicBoolean othersAlive = new AtomicBoolean(false);
        try (Database database = Database.postgres(new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD));
             Connection listener = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            NewsJournal journal = new NewsJournal(database, "node-a-instance", Clock.systemUTC());
            journal.ringWhile(othersAlive::get);
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + NewsJournal.DOORBELL);
            }
            PGConnection bell = listener.unwrap(PGConnection.class);

            writeNews(database, "PUT /api/residents/{id}");
            PGNotification[] alone = bell.getNotifications(1_000);

            othersAlive.set(true);
            writeNews(database, "PUT /api/units/{id}");
            PGNotification[] withOthers = bell.getNotifications(5_000);

            assertThat(alone == null ? 0 : alone.length).as("rings while alone").isZero();
            assertThat(withOthers).as("rings with another node alive").isNotNull().hasSize(1);
            assertThat(rows(database)).as("news rows kept either way").isEqualTo(2);
        }
    }

    private static void writeNews(Database database, String what) {
        database.writer().urgent(connection -> {
            database.writer().tell(new NodeNews.RecordsChanged(what));
            return 1;
        }).join();
    }

    private static long rows(Database database) throws Exception {
        return database.read(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet count = query.executeQuery("SELECT COUNT(*) FROM hub_event")) {
                count.next();
                return count.getLong(1);
            }
        });
    }
}
