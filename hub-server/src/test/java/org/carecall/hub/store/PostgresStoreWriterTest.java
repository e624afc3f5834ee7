package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
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
        database.close();
        TestPostgres own = TestPostgres.start();
        try {
            database = Database.postgres(new StoreSettings(own.newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD));
            database.writer().routine(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
                }
                return null;
            }).join();
            List<Boolean> health = new CopyOnWriteArrayList<>();
            database.writer().watchHealth(health::add);
            database.writer().urgent(connection -> insert(connection, 1, "before")).join();

            own.kill();
            assertThatThrownBy(() -> database.writer().urgent(connection -> insert(connection, 2, "while down")).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SQLException.class);
            assertThat(database.writer().healthy()).isFalse();
            own.startAgain();
            int stored = database.writer().urgent(connection -> insert(connection, 3, "after")).join();

            assertThat(stored).isEqualTo(1);
            assertThat(database.writer().healthy()).isTrue();
            assertThat(health).containsExactly(false, true);
            assertThat(count()).isEqualTo(2); // the write refused while down was never stored
        } finally {
            database.close();
            own.close();
        }
    }
}
