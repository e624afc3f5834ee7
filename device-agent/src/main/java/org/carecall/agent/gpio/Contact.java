package org.carecall.agent.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One input as the agent sees it: debounced in software (the level must hold for the configured time
 * after the last edge), with its active level applied. Reports a change once per settled change, so
 * bounce and chatter make one press and a contact stuck closed makes one press, not a stream.
 * Callbacks run on the agent's loop thread.
 */
public final class Contact {

    /** What to do when the contact settles active or idle, or has been held active for a while. */
    public interface Listener {
        default void activated() {
        }

        default void released(Duration held) {
        }
    }

    private final String name;
    private final BooleanSupplier rawActive;
    private final ScheduledExecutorService loop;
    private final long debounceNanos;
    private Listener listener = new Listener() { };
    private boolean stable;
    private long activatedAt;
    private ScheduledFuture<?> pendingCheck;
    private ScheduledFuture<?> holdCheck;

    public Contact(String name, Board board, ScheduledExecutorService loop, int debounceMs) {
        this.name = name;
        this.rawActive = () -> board.isActive(name);
        this.loop = loop;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
        this.stable = rawActive.getAsBoolean();
        DigitalInput pin = board.input(name).orElseThrow();
        pin.addListener((DigitalStateChangeListener) event -> loop.execute(this::edge));
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

    private void edge() {
        if (pendingCheck != null) {
            pendingCheck.cancel(false);
        }
        if (debounceNanos == 0) {
            settle();
        } else {
            pendingCheck = loop.schedule(this::settle, debounceNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void settle() {
        boolean now = rawActive.getAsBoolean();
        if (now == stable) {
            return; // a bounce that came back to where it was
        }
        stable = now;
        if (now) {
            activatedAt = System.nanoTime();
            listener.activated();
        } else {
            if (holdCheck != null) {
                holdCheck.cancel(false);
            }
            listener.released(Duration.ofNanos(System.nanoTime() - activatedAt));
        }
    }
}
