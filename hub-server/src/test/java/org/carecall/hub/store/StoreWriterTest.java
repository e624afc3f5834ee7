package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer's guarantees on the embedded engine; {@code PostgresStoreWriterTest} runs them on PostgreSQL. */
class StoreWriterTest {
    protected Database database;

    /** A fresh store of the engine under test. */
    protected Database openDatabase() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-store-"));
    }

    @BeforeEach
    void open() throws Exception {
        database = withNotes(openDatabase());
    }

    /** The store with the table these tests write to. */
    protected static Database withNotes(Database store) {
        store.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            }
            return null;
        }).join();
        return store;
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aWriteIsVisibleToReadersWhenItsFutureCompletes() throws Exception {
        database.writer().urgent(connection -> insert(connection, 1, "first")).join();

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aFailingWriteIsRolledBackAloneAndTheRestOfItsGroupIsCommitted() throws Exception {
        CountDownLatch hold = holdTheWriter();
        CompletableFuture<Integer> good = database.writer().urgent(connection -> insert(connection, 1, "kept"));
        CompletableFuture<Integer> bad = database.writer().urgent(connection -> {
            insert(connection, 2, "rolled back");
            return insert(connection, 3, null); // NOT NULL: fails after a successful insert
        });
        CompletableFuture<Integer> alsoGood = database.writer().urgent(connection -> insert(connection, 4, "kept too"));
        hold.countDown();

        assertThat(good.join()).isEqualTo(1);
        assertThat(alsoGood.join()).isEqualTo(1);
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isFalse());
        assertThat(ids()).containsExactly(1, 4);
    }

    @Test
    void aRepeatableWriteThatFailsIsRolledBackAloneTheGroupRunAgainAndOtherWorkRunOnce() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = holdTheWriter();
        CompletableFuture<Integer> good = database.writer().urgentRepeatable(connection -> {
            ran.add("good");
            return insert(connection, 1, "kept");
        });
        CompletableFuture<Integer> bad = database.writer().urgentRepeatable(connection -> {
            ran.add("bad");
            insert(connection, 2, "rolled back");
            return insert(connection, 3, null); // NOT NULL: fails after a successful insert
        });
        CompletableFuture<Integer> plain = database.writer().urgent(connection -> {
            ran.add("plain");
            return insert(connection, 4, "kept too");
        });
        CompletableFuture<Integer> after = database.writer().urgentRepeatable(connection -> {
            ran.add("after");
            return insert(connection, 5, "kept as well");
        });
        hold.countDown();

        assertThat(List.of(good.join(), plain.join(), after.join())).containsOnly(1);
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.unavailable()).isFalse());
        assertThat(ids()).containsExactly(1, 4, 5);
        // The group's head ran without savepoints, failed, and ran again guarded; the rest came only once,
        // since nothing after a failed head runs in that first try.
        assertThat(ran).containsExactly("good", "bad", "good", "bad", "plain", "after");
        assertThat(database.writer().healthy()).isTrue();
    }

    @Test
    void aGroupOfRepeatableWritesThatAllSucceedRunsEachOnce() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = holdTheWriter();
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            int row = id;
            writes.add(database.writer().urgentRepeatable(connection -> {
                ran.add("write " + row);
                return insert(connection, row, "row " + row);
            }));
        }
        hold.countDown();

        assertThat(writes.stream().map(CompletableFuture::join).toList()).containsOnly(1);
        assertThat(ran).containsExactly("write 1", "write 2", "write 3");
        assertThat(ids()).containsExactly(1, 2, 3);
    }

    @Test
    void workAskedToRunLastRunsAfterTheRestOfItsGroupInItsOwnOrder() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch hold = holdTheWriter();
        CompletableFuture<String> chainedFirst = database.writer().routineLast(connection -> add(ran, "audit 1"));
        CompletableFuture<String> plain = database.writer().routine(connection -> add(ran, "presence"));
        CompletableFuture<String> chainedSecond = database.writer().routineLast(connection -> add(ran, "audit 2"));
        CompletableFuture<String> alarm = database.writer().urgent(connection -> add(ran, "alarm"));
        hold.countDown();

        CompletableFuture.allOf(chainedFirst, plain, chainedSecond, alarm).join();

        assertThat(ran).containsExactly("alarm", "presence", "audit 1", "audit 2");
    }

    private static String add(List<String> ran, String what) {
        ran.add(what);
        return what;
    }

    @Test
    void newsToldByAWriteIsCommittedWithItAndUndoneWithIt() throws Exception {
        List<List<Object>> kept = new CopyOnWriteArrayList<>();
        database.writer().keepNewsWith((connection, news) -> {
            kept.add(List.copyOf(news));
            for (Object told : news) {
                insert(connection, 100 + (Integer) told, "news " + told); // in the group's own transaction
            }
        });
        CountDownLatch hold = holdTheWriter();
        CompletableFuture<Integer> good = database.writer().urgent(connection -> {
            database.writer().tell(1);
            return insert(connection, 1, "kept");
        });
        CompletableFuture<Integer> bad = database.writer().urgent(connection -> {
            database.writer().tell(2);
            return insert(connection, 2, null); // NOT NULL: fails, and its news with it
        });
        CompletableFuture<Integer> alsoGood = database.writer().urgent(connection -> {
            database.writer().tell(3);
            return insert(connection, 3, "kept too");
        });
        hold.countDown();

        assertThat(good.join()).isEqualTo(1);
        assertThat(alsoGood.join()).isEqualTo(1);
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class);
        assertThat(kept).as("one keeping per group, in the order told").containsExactly(List.of(1, 3));
        assertThat(ids()).as("news rows visible with the changes they tell of").containsExactly(1, 3, 101, 103);
        assertThatThrownBy(() -> database.writer().tell(4)).as("only from inside a write")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void newsThatCannotBeKeptFailsItsGroupAndNothingOfItIsCommitted() throws Exception {
        database.writer().keepNewsWith((connection, news) -> {
            throw new SQLException("the news table is gone", "58030");
        });
        CompletableFuture<Integer> change = database.writer().urgent(connection -> {
            database.writer().tell(1);
            return insert(connection, 1, "told");
        });

        assertThatThrownBy(change::join).isInstanceOf(CompletionException.class);
        assertThat(ids()).as("a change is never committed without its news").isEmpty();
        database.writer().keepNewsWith(null);
        assertThat(database.writer().urgent(connection -> insert(connection, 2, "after")).join()).isEqualTo(1);
    }

    @Test
    void aWriteThatThrowsAnErrorFailsItsGroupAndTheWriterGoesOn() throws Exception {
        CompletableFuture<Integer> broken = database.writer().urgent(connection -> {
            insert(connection, 1, "undone");
            throw new StackOverflowError("deep in a write");
        });

        assertThatThrownBy(broken::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(StoreException.class).hasMessageContaining("deep in a write");
        database.writer().urgent(connection -> insert(connection, 2, "after")).join();
        assertThat(ids()).containsExactly(2);
        assertThat(database.writer().healthy()).isTrue();
    }

    @Test
    void aLoneWriteThatFailsHalfwayLeavesNothingAndTheNextCommits() throws Exception {
        CompletableFuture<Integer> bad = database.writer().urgent(connection -> {
            insert(connection, 1, "undone");
            return insert(connection, 2, null); // NOT NULL: fails after a successful insert
        });
        assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreException.class);

        assertThat(database.writer().urgent(connection -> insert(connection, 3, "after")).join()).isEqualTo(1);
        assertThat(ids()).containsExactly(3);
        assertThat(database.writer().healthy()).isTrue();
    }

    @Test
    void aLoneWriteThatCatchesItsOwnErrorAndGoesOnIsNotStoredAndTheStoreStaysHealthy() throws Exception {
        CompletableFuture<Integer> careless = database.writer().urgent(connection -> {
            insert(connection, 1, "first");
            try {
                insert(connection, 1, "the same key again");
            } catch (SQLException swallowed) {
                // a task that should not go on, and does
            }
            return insert(connection, 2, "second");
        });
        try {
            careless.join();
        } catch (CompletionException refused) {
            assertThat(refused).hasCauseInstanceOf(StoreException.class); // PostgreSQL: the transaction was aborted
        }

        assertThat(database.writer().healthy()).isTrue();
        assertThat(database.writer().urgent(connection -> insert(connection, 3, "after")).join()).isEqualTo(1);
        // SQLite goes on after a failed statement and keeps the rest; PostgreSQL keeps none of it. Never half.
        assertThat(ids()).isIn(List.of(1, 2, 3), List.of(3));
    }

    @Test
    void alarmsWaitingBesideRoutineWorkAreWrittenFirstAndInOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch hold = holdTheWriter();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "routine-" + i;
            all.add(database.writer().routine(connection -> order.add(name)));
        }
        for (int i = 0; i < 3; i++) {
            String name = "alarm-" + i;
            all.add(database.writer().urgent(connection -> order.add(name)));
        }
        hold.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertThat(order).containsExactly("alarm-0", "alarm-1", "alarm-2", "routine-0", "routine-1", "routine-2");
    }

    @Test
    void theAuditLogRefusesUpdatesAndDeletes() {
        database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO audit_log (at, event, reason) VALUES (1, 'test', 'kept')");
            }
        }).join();

        assertThatThrownBy(() -> database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("UPDATE audit_log SET reason = 'changed'");
            }
        }).join()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("DELETE FROM audit_log");
            }
        }).join()).hasMessageContaining("append-only");
    }

    @Test
    void theHubDatabaseIsInWalModeWithFullSync() throws Exception {
        assumeTrue(database.engine() == Engine.SQLITE, "a setting of the embedded engine");
        String mode = database.read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA journal_mode")) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
        int sync = database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA synchronous")) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        }).join();

        assertThat(mode).isEqualToIgnoringCase("wal");
        assertThat(sync).isEqualTo(2); // FULL
    }

    @Test
    void theWritersSavepointsKeepTheirJournalInMemory() throws Exception {
        assumeTrue(database.engine() == Engine.SQLITE, "a setting of the embedded engine");
        int tempStore = database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA temp_store")) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        }).join();

        assertThat(tempStore).isEqualTo(2); // MEMORY: a savepoint's sub-journal costs no file writes
    }

    @Test
    void anInsertIsNotFollowedByAQueryForItsKey() throws Exception {
        assumeTrue(database.engine() == Engine.SQLITE, "a setting of the embedded driver");
        boolean asksForKeys = database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO audit_log (at, event, device_id, remote, reason)"
                        + " VALUES (1, 'test', 'test', 'test', 'keys')");
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    return keys.next();
                }
            }
        }).join();

        assertThat(asksForKeys).as("the driver kept the new row's key").isFalse();
    }

    /** Parks the writer inside a task until the latch opens, so the test can queue work behind it. */
    private CountDownLatch holdTheWriter() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        database.writer().urgent(connection -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        started.await();
        return release;
    }

    protected static int insert(java.sql.Connection connection, int id, String text) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO note (id, text) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, text);
            return insert.executeUpdate();
        }
    }

    protected int count() throws StoreException {
        return ids().size();
    }

    protected List<Integer> ids() throws StoreException {
        return database.read(connection -> {
            List<Integer> ids = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM note ORDER BY id")) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
            return ids;
        });
    }
}
