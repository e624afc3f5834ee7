package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** The writer's guarantees on PostgreSQL, and what it does when the server goes away and comes back. */
class PostgresStoreWriterTest extends StoreWriterTest {

    @Override
    protected Database openDatabase() throws Exception {
        return Database.postgres(new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD));
    }

    @Test
    void commitsAreSynchronousOnTheServer() throws Exception {
        String commit = database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
                return rows.next() ? rows.getString(1) : null;
            }
        });

        assertThat(commit).isEqualTo("on");
    }

    @Test
    void aServerThatGoesAwayFailsTheWritesAndTheWriterRecoversWhenItReturns() throws Exception {
        onAServerOfItsOwn(own -> {
            List<Boolean> health = new CopyOnWriteArrayList<>();
            database.writer().watchHealth(health::add);
            database.writer().urgent(connection -> insert(connection, 1, "before")).join();

            own.kill();
            assertThatThrownBy(() -> database.writer().urgent(connection -> insert(connection, 2, "while down")).join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue());
            assertThat(database.writer().healthy()).isFalse();
            own.startAgain();
            int stored = database.writer().urgent(connection -> insert(connection, 3, "after")).join();

            assertThat(stored).isEqualTo(1);
            assertThat(database.writer().healthy()).isTrue();
            assertThat(health).containsExactly(false, true);
            assertThat(count()).isEqualTo(2); // the write refused while down was never stored
        });
    }

    @Test
    void aReadJustAfterTheServerReturnsIsServedThoughThePoolIsStillWaitingOutItsBackOff() throws Exception {
        onAServerOfItsOwn(own -> {
            database.writer().urgent(connection -> insert(connection, 1, "before")).join();

            own.stop();
            assertThatThrownBy(() -> database.writer().urgent(connection -> insert(connection, 9, "while down")).join())
                    .isInstanceOf(CompletionException.class);
            // Reads while it is gone: each fails as the store being unavailable, and the pool's attempts to
            // connect again back off further with every failure.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            int refused = 0;
            while (System.nanoTime() < until) {
                try {
                    count();
                } catch (StoreException e) {
                    assertThat(e.unavailable()).isTrue();
                    refused++;
                }
                Thread.sleep(200);
            }
            own.startAgain();
            database.writer().urgent(connection -> insert(connection, 2, "after")).join();

            assertThat(refused).isPositive();
            assertThat(count()).as("the first read after the server is back").isEqualTo(2);
        });
    }

    @Test
    void aServerThatStopsAnsweringFailsTheCommitRatherThanHoldItAndTheWriterRecovers() throws Exception {
        onAServerOfItsOwn(own -> {
            database.writer().urgent(connection -> insert(connection, 1, "before")).join();

            own.freeze(); // the connection stays open and nothing answers: a cut network, a hung machine
            long frozenAt = System.nanoTime();
            CompletableFuture<Integer> held = database.writer().urgent(connection -> insert(connection, 2, "frozen"));
            assertThatThrownBy(() -> held.get(60, TimeUnit.SECONDS)).as("the commit fails, it does not hang")
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isTrue());
            System.out.printf("a frozen server failed the commit after %d ms%n", (System.nanoTime() - frozenAt) / 1_000_000);
            assertThat(database.writer().healthy()).isFalse();
            own.thaw();
            int stored = database.writer().urgent(connection -> insert(connection, 3, "after")).get(60, TimeUnit.SECONDS);

            assertThat(stored).isEqualTo(1);
            assertThat(database.writer().healthy()).isTrue();
            assertThat(ids()).containsExactly(1, 3); // the write that was failed was not stored behind its back
        });
    }

    private interface OnServer {
        void run(TestPostgres own) throws Exception;
    }

    /** A test that stops, kills or freezes its server, on a server of its own and a database opened on it. */
    private void onAServerOfItsOwn(OnServer test) throws Exception {
        database.close();
        TestPostgres own = TestPostgres.start();
        try {
            database = withNotes(Database.postgres(new StoreSettings(own.newDatabase(), TestPostgres.USER,
                    TestPostgres.PASSWORD)));
            test.run(own);
        } finally {
            database.close();
            own.close();
        }
    }
}
