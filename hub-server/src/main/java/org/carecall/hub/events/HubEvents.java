package org.carecall.hub.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's internal event stream. Events are published after the change they describe is committed and
 * are delivered to every subscriber in publishing order on one dispatch thread, so a slow or failing
 * subscriber cannot hold up the MQTT endpoint or the store, and one subscriber's exception does not
 * keep the event from the others.
 */
public final class HubEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubEvents.class);

    private final List<Consumer<HubEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hub-events").daemon(true).factory());

    public void subscribe(Consumer<HubEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<HubEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    public void publish(HubEvent event) {
        if (dispatch.isShutdown()) {
            return;
        }
        dispatch.execute(() -> {
            for (Consumer<HubEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    log.error("an event subscriber failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        });
    }

    /** Runs work on the dispatch thread, in order with the events: for work that must not race them. */
    public void run(Runnable work) {
        if (!dispatch.isShutdown()) {
            dispatch.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("work on the event thread failed", e);
                }
            });
        }
    }

    /** Completes once the dispatch thread has run a task: for the watchdog. */
    public java.util.concurrent.CompletableFuture<Void> probe() {
        java.util.concurrent.CompletableFuture<Void> ran = new java.util.concurrent.CompletableFuture<>();
        run(() -> ran.complete(null));
        return ran;
    }

    @Override
    public void close() {
        dispatch.shutdown();
        try {
            dispatch.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
