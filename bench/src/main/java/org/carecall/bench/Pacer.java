package org.carecall.bench;

import java.util.concurrent.locks.LockSupport;

/** Paces a loop at a steady rate: the i-th event waits until start + i / rate. */
final class Pacer {
    private final long start = System.nanoTime();
    private final double nanosPerEvent;

    Pacer(int perSecond) {
        this.nanosPerEvent = 1e9 / perSecond;
    }

    void await(long index) {
        long due = start + (long) (index * nanosPerEvent);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
