package org.carecall.hub.watchdog;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Whether every event loop of a group still runs tasks: one that is stuck never completes its probe. */
public final class LoopProbe {

    private LoopProbe() {
    }

    public static CompletableFuture<Void> of(EventLoopGroup group) {
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (EventExecutor loop : group) {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            if (loop.isShuttingDown()) {
                ran.completeExceptionally(new IllegalStateException("shutting down"));
            } else {
                loop.execute(() -> ran.complete(null));
            }
            loops.add(ran);
        }
        return CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new));
    }
}
