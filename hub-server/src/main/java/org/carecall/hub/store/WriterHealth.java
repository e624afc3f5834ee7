package org.carecall.hub.store;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store writer's commits succeed, and the last failure seen.
 *
 * <p>Guarantees: the watcher is told once per change (failing, then working again), on the writer's thread,
 * and a watcher that throws is logged without stopping the writer; the state is set before the callers of
 * a failed group hear of it, so they may ask at once.
 */
final class WriterHealth {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    private volatile boolean healthy = true;
    private volatile String lastFailure;
    private volatile Consumer<Boolean> watcher = ok -> { };

    boolean healthy() {
        return healthy;
    }

    String lastFailure() {
        return lastFailure;
    }

    void watch(Consumer<Boolean> watcher) {
        this.watcher = watcher;
    }

    /** Records a good commit (ok) or a failed one with its message. */
    void set(boolean ok, String failure) {
        if (!ok) {
            lastFailure = failure;
        }
        if (healthy == ok) {
            return;
        }
        healthy = ok;
        if (ok) {
            log.warn("store commits again after failing with: {}", lastFailure);
        }
        try {
            watcher.accept(ok);
        } catch (RuntimeException e) {
            log.error("the store health watcher failed", e);
        }
    }
}
