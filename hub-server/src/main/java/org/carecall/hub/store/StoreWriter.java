package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the hub's database. Work waiting when a commit starts is committed
 * together (group commit), so a storm of alarms costs one fsync per group, not per alarm.
 *
 * <p>Guarantees: a task's future completes successfully only after its transaction has committed;
 * alarms (the urgent lane) are always taken before routine work such as audit rows and presence, so a
 * backlog of housekeeping never delays a call; tasks of one lane run in the order they were submitted,
 * except that {@link #routineLast} work runs after the rest of its group (in order among itself);
 * a task that fails is rolled back alone (a savepoint each) without failing the others in its group, except
 * that the {@link #urgentRepeatable repeatable} tasks at the head of a group go without savepoints, and when
 * one of them fails the group is rolled back and run again, each task with its savepoint;
 * when the store itself fails (a full disk, an I/O error) every task of the group fails and nothing of it
 * is stored, and the next group starts a clean transaction once the store works again.
 *
 * <p>A task may {@link #tell} news of its change for the other hub nodes: the news is written in the same
 * transaction, just before the commit, so a change and its news are committed together or not at all.
 *
 * <p>The queues and how a group is taken from them are {@link WriteLanes}; whether commits succeed is
 * {@link WriterHealth}; this class runs the groups' transactions.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    /** Work to do inside the writer's transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Where the news told by a group's tasks is written, inside the group's transaction: all of it at once,
     * in the order told. Set on a node that shares its database with other hub nodes.
     */
    @FunctionalInterface
    public interface NewsKeeper {
        void keep(Connection connection, List<Object> news) throws SQLException;
    }

    /** Opens the writer's connection: at start, and again after the store failed under it. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final Engine engine;
    private final ConnectionSource source;
    private Connection connection; // the writer thread's own, null after a failure until the next group
    private TransactionControl control; // the writer thread's own
    private final WriteLanes lanes = new WriteLanes();
    private final WriterHealth health = new WriterHealth();
    private final Thread thread;
    private final LongAdder urgentTaken = new LongAdder();
    private final LongAdder routineTaken = new LongAdder();
    private volatile java.util.function.LongConsumer commitWatcher = nanos -> { };
    private volatile NewsKeeper newsKeeper; // null: no other node to tell
    private final List<Object> told = new ArrayList<>(); // the writer thread's own: the group's news so far

    StoreWriter(Engine engine, ConnectionSource source) throws SQLException {
        this.engine = engine;
        this.source = source;
        this.connection = connect();
        this.thread = Thread.ofPlatform().name("store-writer").daemon(true).start(this::loop);
    }

    private Connection connect() throws SQLException {
        Connection opened = source.open();
        // On SQLite, transactions are begun and ended here in SQL, not by the driver: when SQLite rolls a
        // transaction back by itself (a full disk does), the driver would go on believing in it and let
        // every later write commit on its own. Here each group begins afresh whatever happened to the last.
        opened.setAutoCommit(!engine.driverTransactions());
        return opened;
    }

    /** Work on the alarm path: taken before any routine work. */
    public <T> CompletableFuture<T> urgent(Work<T> work) {
        urgentTaken.increment();
        return lanes.add(true, work, false);
    }

    /**
     * Work on the alarm path that changes nothing but the database (and tells news): the writer may run it a
     * second time, after rolling back a group in which another task failed, so it needs no savepoint.
     */
    public <T> CompletableFuture<T> urgentRepeatable(Work<T> work) {
        urgentTaken.increment();
        return lanes.add(true, work, false, true);
    }

    /** Everything else: presence, events, audit rows, configuration. */
    public <T> CompletableFuture<T> routine(Work<T> work) {
        routineTaken.increment();
        return lanes.add(false, work, false);
    }

    /**
     * Routine work that runs after every other task of its group (in submission order among its kind): the
     * audit chain's appends, whose lock on PostgreSQL is then the last one a group takes, so two nodes'
     * groups never wait on each other for it.
     */
    public <T> CompletableFuture<T> routineLast(Work<T> work) {
        routineTaken.increment();
        return lanes.add(false, work, true);
    }

    /** Writes the news its tasks tell with the keeper's statements, from the next group on. */
    public void keepNewsWith(NewsKeeper keeper) {
        this.newsKeeper = keeper;
    }

    /** Whether news told is kept: false where no other node could read it, so that none need be made. */
    public boolean keepsNews() {
        return newsKeeper != null;
    }

    /**
     * News of the change the running task makes, for the other hub nodes: written in the task's own
     * transaction, and undone with the task if it fails. Does nothing where no other node can read it.
     * Only from inside a task, on the writer's thread.
     */
    public void tell(Object news) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("news is told from inside a write, on the store writer's thread");
        }
        if (newsKeeper != null) {
            told.add(news);
        }
    }

    /** Writes handed to the writer since start, on the urgent lane or the routine one: what a call costs it. */
    public long writesTaken(boolean urgentLane) {
        return (urgentLane ? urgentTaken : routineTaken).sum();
    }

    /** False while commits are failing (for example a full disk); true again after the next good commit. */
    public boolean healthy() {
        return health.healthy();
    }

    public String lastFailure() {
        return health.lastFailure();
    }

    /**
     * Told on the writer's thread each time commits start failing (false) or succeed again (true), so the
     * hub can raise its own alarm: a full disk must be seen by people, not only found in a log.
     */
    public void watchHealth(Consumer<Boolean> watcher) {
        health.watch(watcher);
    }

    /** Writes waiting for the writer now, both lanes. */
    public int queued() {
        return lanes.queued();
    }

    /** Told on the writer's thread how long each group commit took, in nanoseconds, for the metrics. */
    public void watchCommits(java.util.function.LongConsumer watcher) {
        this.commitWatcher = watcher;
    }

    private void loop() {
        while (true) {
            List<WriteLanes.Task<?>> group = lanes.nextGroup();
            if (group.isEmpty() && !lanes.running()) {
                return;
            }
            if (!group.isEmpty()) {
                try {
                    commit(group);
                } catch (Error e) {
                    // A write that broke the thread itself (a stack overflow, a class that would not load):
                    // its group fails and is rolled back, and the writer lives on for the next alarm.
                    log.error("store writer: a group of {} writes failed with {}", group.size(), e.toString(), e);
                    rollbackQuietly();
                    StoreException failure = new StoreException("the store writer failed: " + e, e, false);
                    group.forEach(task -> task.done().completeExceptionally(failure));
                }
            }
        }
    }

    private void commit(List<WriteLanes.Task<?>> group) {
        long started = System.nanoTime();
        Object[] results = new Object[group.size()];
        Throwable[] failures = new Throwable[group.size()];
        try {
            if (!attempt(group, WriteLanes.unguarded(group), results, failures)) {
                log.debug("store writer: a group of {} writes is run again, each with its savepoint", group.size());
                attempt(group, 0, results, failures);
            }
        } catch (SQLException | RuntimeException e) {
            // The store itself failed (disk full, I/O error): nothing in the group is stored.
            log.error("store commit of {} writes failed: {}", group.size(), e.getMessage());
            rollbackQuietly();
            health.set(false, e.getMessage()); // before the callers hear of it: they may ask at once
            Throwable failure = failure(e);
            group.forEach(task -> task.done().completeExceptionally(failure));
            return;
        } finally {
            told.clear();
        }
        health.set(true, null);
        commitWatcher.accept(System.nanoTime() - started);
        for (int i = 0; i < group.size(); i++) {
            if (failures[i] != null) {
                group.get(i).done().completeExceptionally(failure(failures[i]));
            } else {
                group.get(i).complete(results[i]);
            }
        }
    }

    /**
     * One try at the group's transaction, its first {@code unguarded} tasks without savepoints. False when
     * one of those failed, or the commit was refused after them: everything is rolled back and nothing of the
     * group has been done but repeatable work, so the caller runs it again with every task guarded. Throws
     * when the store itself failed.
     */
    private boolean attempt(List<WriteLanes.Task<?>> group, int unguarded, Object[] results, Throwable[] failures)
            throws SQLException {
        boolean alone = group.size() == 1;
        if (connection == null) {
            connection = connect(); // the database came back: a new connection for this group
        }
        begin();
        boolean held = false; // a savepoint made for an earlier task is still there, to be released
        for (int i = 0; i < group.size(); i++) {
            boolean guarded = i >= unguarded;
            if (guarded) {
                // The last task's savepoint is released together with this one's making: on PostgreSQL, one
                // round trip; the last is released by the commit.
                control().savepoint(held);
                held = true;
            }
            int toldBefore = told.size();
            try {
                results[i] = group.get(i).work().run(connection);
                failures[i] = null;
            } catch (SQLException | RuntimeException e) {
                if (storageFailure(e)) {
                    // The engine may already have rolled the whole transaction back: nothing here holds.
                    throw e;
                }
                if (!guarded && !alone) {
                    end(false);
                    told.clear();
                    return false;
                }
                if (guarded) {
                    control().rollbackTo().execute(); // the emptied savepoint is released with the next
                }
                told.subList(toldBefore, told.size()).clear(); // its news is undone with it
                failures[i] = e;
            }
        }
        keepNews();
        try {
            end(!alone || failures[0] == null);
        } catch (SQLException e) {
            if (storageFailure(e)) {
                throw e;
            }
            if (alone) {
                // A lone task left its transaction unable to commit (PostgreSQL refuses a COMMIT after an
                // error the task itself caught): the task failed, the store did not.
                failures[0] = e;
                end(false);
            } else if (unguarded > 0) {
                end(false); // perhaps an unguarded task caught an error of its own: each is guarded next time
                told.clear();
                return false;
            } else {
                throw e;
            }
        }
        return true;
    }

    /** The group's news, in its transaction: if it cannot be written, nothing of the group is committed. */
    private void keepNews() throws SQLException {
        NewsKeeper keeper = newsKeeper;
        if (keeper != null && !told.isEmpty()) {
            keeper.keep(connection, told);
        }
    }

    /**
     * Opens the group's transaction. SQLite's is begun here in SQL (see {@link #connect()}); PostgreSQL's
     * driver sends BEGIN together with the group's first statement, so it costs no round trip of its own.
     */
    private void begin() throws SQLException {
        if (!engine.driverTransactions()) {
            control().begin().execute();
        }
    }

    /** Commits the group's transaction, or rolls it back when its only task failed. */
    private void end(boolean commit) throws SQLException {
        if (engine.driverTransactions()) {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } else if (commit) {
            control().commit().execute();
        } else {
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            }
        }
    }

    /** What a caller hears of a failed task: the store's own exception, or the task's own runtime error. */
    private Throwable failure(Throwable failure) {
        return failure instanceof SQLException sql ? StoreException.of(engine, sql) : failure;
    }

    private boolean storageFailure(Throwable failure) {
        return failure instanceof SQLException sql && engine.storageFailure(sql);
    }

    private void rollbackQuietly() {
        // The compiled statements may be left mid-step by the failure: they are made afresh for the next group.
        if (control != null) {
            control.close();
            control = null;
        }
        if (connection == null) {
            return;
        }
        try {
            if (engine.driverTransactions()) {
                connection.rollback();
            } else {
                try (Statement rollback = connection.createStatement()) {
                    rollback.execute("ROLLBACK");
                }
            }
        } catch (SQLException e) {
            // Most often "no transaction is active": SQLite rolled it back already, or the server went away.
            log.debug("rollback after a failed commit: {}", e.getMessage());
        }
        try {
            if (!connection.isValid(2)) {
                // A server that went away took the connection with it; the next group opens another.
                connection.close();
                connection = null;
            }
        } catch (SQLException e) {
            connection = null;
        }
    }

    private TransactionControl control() throws SQLException {
        if (control == null) {
            control = TransactionControl.prepare(connection, engine);
        }
        return control;
    }

    /** Refuses new work, finishes the work already queued, then closes the connection. */
    @Override
    public void close() {
        if (!lanes.close()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (connection != null) {
                connection.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.warn("closing the write connection: {}", e.getMessage());
        }
    }
}
