package org.carecall.hub.escalation;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's word on calls that reached nobody: each one while they are few, then, once a minute has had
 * {@link #LINES_PER_MINUTE} of them, one line that counts the rest. A storm of unanswered calls would
 * otherwise write a line per call on the event thread and bury everything else in the log; each call is
 * still marked in its timeline and counted in {@code carecall_escalation_unreached_total}.
 */
final class UnreachedLog {
    static final int LINES_PER_MINUTE = 20;
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanos;
    private long windowStart;
    private boolean windowOpen;
    private int lines;
    private int untold;

    UnreachedLog() {
        this(System::nanoTime);
    }

    UnreachedLog(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A call found unreached after {@code steps} steps. */
    synchronized void reachedNobody(String callId, int steps) {
        long now = nanos.getAsLong();
        if (!windowOpen || now - windowStart >= MINUTE) {
            if (untold > 0) {
                log.error("escalation: {} more calls reached nobody in the minute before (each is marked in its"
                        + " timeline and counted; only the first {} of a minute are logged one by one)", untold,
                        LINES_PER_MINUTE);
            }
            windowStart = now;
            windowOpen = true;
            lines = 0;
            untold = 0;
        }
        if (lines < LINES_PER_MINUTE) {
            lines++;
            log.error("escalation: call {} reached nobody after {} steps; every console that opens rings", callId,
                    steps);
        } else {
            untold++;
        }
    }
}
