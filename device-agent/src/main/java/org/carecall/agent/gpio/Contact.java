package org.carecall.agent.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One input as the agent sees it: debounced in software, with its active level applied. A level counts
 * once it has held for the debounce time after the last edge, so bounce and chatter make one press and a
 * contact stuck closed makes one press, not a stream. Edges are stamped with their time as they happen
 * and judged by those times, so a short press is not lost when the agent's loop is busy for a moment.
 * Callbacks run on the agent's loop thread.
 */
public final class Contact {

    /** What to do when the contact settles active or idle. */
    public interface Listener {
        default void activated() {
        }

        default void released(Duration held) {
        }
    }

    private record Edge(boolean active, long atNanos) {
    }

    private final String name;
    private final Board board;
    private final ScheduledExecutorService loop;
    private final long debounceNanos;
    private final long minGapNanos;
    private boolean ignoredPress;
    private final Queue<Edge> edges = new ConcurrentLinkedQueue<>();
    private Listener listener = new Listener() { };
    private boolean stable;
    private boolean candidate;
    private long candidateSince;
    private long activatedAt;
    private ScheduledFuture<?> pendingCheck;
    private ScheduledFuture<?> holdCheck;

    public Contact(String name, Board board, ScheduledExecutorService loop, int debounceMs) {
        this(name, board, loop, debounceMs, 0);
    }

    /**
     * @param minGapMs presses that begin closer than this to the previous press are one press: chatter the
     *                 debounce let through. Judged by the edges' own times.
     */
    public Contact(String name, Board board, ScheduledExecutorService loop, int debounceMs, int minGapMs) {
        this.name = name;
        this.board = board;
        this.loop = loop;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
        this.minGapNanos = TimeUnit.MILLISECONDS.toNanos(minGapMs);
        this.stable = board.isActive(name);
        this.candidate = stable;
        this.candidateSince = System.nanoTime();
        DigitalInput pin = board.input(name).orElseThrow();
        pin.addListener((DigitalStateChangeListener) event -> {
            edges.add(new Edge(board.isActive(name), System.nanoTime()));
            loop.execute(this::settle);
        });
    }

    public String name() {
        return name;
    }

    public boolean active() {
        return stable;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Runs {@code action} once if the contact stays active for {@code hold} from now; released earlier, it does not. */
    public void whileHeld(Duration hold, Runnable action) {
        if (holdCheck != null) {
            holdCheck.cancel(false);
        }
        holdCheck = loop.schedule(() -> {
            if (stable) {
                action.run();
            }
        }, hold.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Takes the edges seen so far, in order, and commits every level that held long enough. */
    private void settle() {
        Edge edge;
        while ((edge = edges.poll()) != null) {
            if (candidate != stable && edge.atNanos() - candidateSince >= debounceNanos) {
                commit(candidate, candidateSince + debounceNanos);
            }
            candidate = edge.active();
            candidateSince = edge.atNanos();
        }
        long now = System.nanoTime();
        if (candidate != stable && now - candidateSince >= debounceNanos) {
            commit(candidate, candidateSince + debounceNanos);
        } else if (candidate != stable) {
            if (pendingCheck != null) {
                pendingCheck.cancel(false);
            }
            pendingCheck = loop.schedule(this::settle, candidateSince + debounceNanos - now, TimeUnit.NANOSECONDS);
        }
    }

    private void commit(boolean active, long atNanos) {
        stable = active;
        if (active) {
            ignoredPress = activatedAt != 0 && atNanos - activatedAt < minGapNanos;
            if (!ignoredPress) {
                activatedAt = atNanos;
                listener.activated();
            }
        } else if (!ignoredPress) {
            if (holdCheck != null) {
                holdCheck.cancel(false);
            }
            listener.released(Duration.ofNanos(Math.max(0, atNanos - activatedAt)));
        }
    }
}
