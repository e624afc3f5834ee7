package org.carecall.hub.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.carecall.hub.store.StoreWriter.Work;

/**
 * The two queues of work waiting for the {@link StoreWriter}: the urgent lane (alarms) and the routine one.
 *
 * <p>Guarantees: a group takes every urgent task waiting (up to {@link #MAX_GROUP}) before any routine one,
 * and at most {@link #MAX_ROUTINE_PER_GROUP} routine ones, so an alarm that arrives during a commit waits for
 * that commit only; tasks of one lane keep their order, except that "last" tasks come after the rest of
 * their group (in order among themselves); once closed, or {@link #MAX_QUEUED} behind, new work fails at
 * once instead of waiting.
 */
final class WriteLanes {
    static final int MAX_GROUP = 512;
    // Few routine writes per group: an alarm that arrives during a commit waits for that commit only.
    static final int MAX_ROUTINE_PER_GROUP = 8;
    static final int MAX_QUEUED = 200_000;

    /**
     * A write waiting: its work, the future its caller holds, whether it runs last in its group, and whether
     * it may be run again after its group was rolled back (it changes nothing but the database).
     */
    record Task<T>(Work<T> work, CompletableFuture<T> done, boolean last, boolean repeatable) {
        void complete(Object result) {
            @SuppressWarnings("unchecked")
            T typed = (T) result;
            done.complete(typed);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasWork = lock.newCondition();
    private final ArrayDeque<Task<?>> urgent = new ArrayDeque<>();
    private final ArrayDeque<Task<?>> routine = new ArrayDeque<>();
    private volatile boolean running = true;

    /** Queues work on the urgent lane or the routine one; a future already failed when it cannot be queued. */
    <T> CompletableFuture<T> add(boolean urgentLane, Work<T> work, boolean last) {
        return add(urgentLane, work, last, false);
    }

    /** As {@link #add(boolean, Work, boolean)}; {@code repeatable}: see {@link Task}. */
    <T> CompletableFuture<T> add(boolean urgentLane, Work<T> work, boolean last, boolean repeatable) {
        ArrayDeque<Task<?>> lane = urgentLane ? urgent : routine;
        CompletableFuture<T> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (!running) {
                done.completeExceptionally(new StoreException("the store is closed", null, true));
            } else if (urgent.size() + routine.size() >= MAX_QUEUED) {
                done.completeExceptionally(new StoreException("the store is " + MAX_QUEUED + " writes behind", null, true));
            } else {
                lane.add(new Task<>(work, done, last, repeatable));
                hasWork.signal();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Writes waiting now, both lanes. */
    int queued() {
        lock.lock();
        try {
            return urgent.size() + routine.size();
        } finally {
            lock.unlock();
        }
    }

    boolean running() {
        return running;
    }

    /**
     * The next group to commit, waiting for work while the lanes are open; empty when there is none (then,
     * once closed, the writer stops).
     */
    List<Task<?>> nextGroup() {
        List<Task<?>> group = new ArrayList<>();
        lock.lock();
        try {
            while (running && urgent.isEmpty() && routine.isEmpty()) {
                hasWork.await(1, TimeUnit.SECONDS);
            }
            while (group.size() < MAX_GROUP && !urgent.isEmpty()) {
                group.add(urgent.poll());
            }
            int routineTaken = 0;
            while (group.size() < MAX_GROUP && routineTaken < MAX_ROUTINE_PER_GROUP && !routine.isEmpty()) {
                group.add(routine.poll());
                routineTaken++;
            }
        } catch (InterruptedException e) {
            // Not expected: the writer is stopped by close(). Keep draining what is queued.
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        if (group.stream().anyMatch(Task::last)) { // a stable partition: the last kind after all the others
            List<Task<?>> ordered = new ArrayList<>(group.stream().filter(task -> !task.last()).toList());
            group.stream().filter(Task::last).forEach(ordered::add);
            return ordered;
        }
        return group;
    }

    /**
     * How many of the group's first tasks run without a savepoint of their own. A task alone needs none:
     * rolling the transaction back undoes it alone. Otherwise the repeatable tasks at the head of the group:
     * on PostgreSQL each savepoint is a round trip to the server, and a group of new calls is mostly these.
     */
    static int unguarded(List<Task<?>> group) {
        if (group.size() == 1) {
            return 1;
        }
        int count = 0;
        while (count < group.size() && group.get(count).repeatable()) {
            count++;
        }
        return count;
    }

    /** Refuses new work from now on; false when already closed. */
    boolean close() {
        lock.lock();
        try {
            if (!running) {
                return false;
            }
            running = false;
            hasWork.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
