package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * News for the other nodes is written, and the doorbell rung, only while another node is alive: as the last
 * beat says, or, where it says none, as {@code hub_node} says in the group's own transaction. A node that
 * joins waits for the transactions that read the table before its row was there.
 */
class DoorbellTest {

    @Test
    void newsIsKeptAndTheBellRungOnlyWhileAnotherNodeIsAlive() throws Exception {
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
            assertThat(alone == null ? 0 : alone.length).as("rings while alone").isZero();
            assertThat(rows(database)).as("no news while alone").isZero();

            // Node B has joined, but A's last beat has not seen it yet: A's transaction finds its row.
            nodeB(database).join();
            writeNews(database, "PUT /api/units/{id}");
            assertThat(bell.getNotifications(5_000)).as("rings for a node that just joined").isNotNull().hasSize(1);
            assertThat(rows(database)).isEqualTo(1);

            othersAlive.set(true);
            writeNews(database, "PUT /api/staff/{id}");
            assertThat(bell.getNotifications(5_000)).as("rings with another node alive").isNotNull().hasSize(1);
            assertThat(rows(database)).isEqualTo(2);
        }
    }

    @Test
    void aJoiningNodeWaitsForATransactionThatReadTheNodesBeforeItsRowWasThere() throws Exception {
        String url = TestPostgres.shared().newHubDatabase();
        try (Database database = Database.postgres(new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD));
             Connection nodeA = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            nodeA.setAutoCommit(false);
            try (Statement alone = nodeA.createStatement()) {
                alone.executeQuery("SELECT 1 FROM hub_node LIMIT 1").close(); // A decides it is alone
            }
            CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
                try {
                    nodeB(database).join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !joined.isDone());
            nodeA.commit(); // A's change (and its lack of news) is committed: B may read its boards now
            joined.get(10, TimeUnit.SECONDS);
            assertThat(joined).isCompleted();
        }
    }

    private static HubNodes nodeB(Database database) {
        return new HubNodes(database, "node-b", "node-b-instance", Clock.systemUTC(), Set::of, () -> 0, node -> { });
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
