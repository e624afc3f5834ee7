package org.carecall.hub.events;

import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.CallNews;
import org.carecall.hub.store.News;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's internal event stream, and the one place that decides who hears an event and in what order.
 * Events are published after the change they describe is committed and are delivered on one dispatch
 * thread, so a slow or failing part cannot hold up the MQTT endpoint or the store, and one part's
 * exception does not keep the event from the others.
 *
 * <p>The order: a new call goes to the consoles first, so it is on every screen at once, then to
 * escalation (the consoles it rings learn so from the update that follows). Every other change goes to
 * escalation first, so that a call just taken has stopped ringing before the consoles are told. The fleet
 * (weekly tests) comes after both, then the other subscribers (the news for other hub nodes, tests).
 *
 * <p>Each event carries the call as committed by the change it tells of. An event published by work that
 * runs on the dispatch thread ({@link #run}, placed there by its commit's completion) is delivered at once,
 * where that commit put it, so the events reach the parts in the order the store committed them and no
 * part needs to read the call again to be sure it is current. An event published while a part is hearing
 * another waits its turn, so every part hears the first before the second.
 */
public final class HubEvents implements CallNews, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubEvents.class);

    /**
     * The hub's parts that act on events. {@code escalationOfOtherNode} hears another node's events: it
     * rings and stops ringing alike but claims and writes nothing, which that node did.
     */
    public record Parts(Consumer<HubEvent> consoles, Consumer<HubEvent> escalation,
                        Consumer<HubEvent> escalationOfOtherNode, Consumer<HubEvent> fleet) {
    }

    private static final Consumer<HubEvent> NOBODY = event -> { };

    private final List<Consumer<HubEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatch = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hub-events").daemon(true).factory());
    private volatile Parts parts = new Parts(NOBODY, NOBODY, NOBODY, NOBODY);
    private volatile Thread dispatchThread;
    private boolean delivering; // only read and written on the dispatch thread

    public HubEvents() {
        dispatch.execute(() -> dispatchThread = Thread.currentThread());
    }

    /** The hub's own parts, heard in the order above. */
    public void connect(Parts parts) {
        this.parts = parts;
    }

    /** Hears every event after the hub's parts. */
    public void subscribe(Consumer<HubEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<HubEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    @Override
    public News raised(Alarm call) {
        return new HubEvent.AlarmRaised(call);
    }

    @Override
    public News pressedAgain(Alarm call) {
        return new HubEvent.AlarmUpdated(call, "pressed again");
    }

    @Override
    public News updated(Alarm call, String action) {
        return HubEvent.AlarmUpdated.after(call, action);
    }

    /** News of the alarm path is always one of the hub's events. */
    @Override
    public void tell(News news) {
        publish((HubEvent) news);
    }

    public void publish(HubEvent event) {
        if (Thread.currentThread() == dispatchThread && !delivering) {
            deliver(event);
            return;
        }
        if (dispatch.isShutdown()) {
            return;
        }
        dispatch.execute(() -> deliver(event));
    }

    /**
     * Another hub node's event, heard here by escalation (who rings) and the consoles; nothing else, since
     * the store, the fleet and the news were that node's. Called on the dispatch thread, from {@link #run}.
     */
    public void deliverFromOtherNode(HubEvent event) {
        if (Thread.currentThread() != dispatchThread) {
            throw new IllegalStateException("another node's events are delivered on the event thread");
        }
        Parts to = parts;
        hearing(List.of(to.escalationOfOtherNode(), to.consoles()), event);
    }

    private void deliver(HubEvent event) {
        Parts to = parts;
        List<Consumer<HubEvent>> order = new ArrayList<>(4 + subscribers.size());
        if (event instanceof HubEvent.AlarmRaised) {
            order.add(to.consoles());
            order.add(to.escalation());
        } else {
            order.add(to.escalation());
            order.add(to.consoles());
        }
        order.add(to.fleet());
        order.addAll(subscribers);
        hearing(order, event);
    }

    private void hearing(List<Consumer<HubEvent>> order, HubEvent event) {
        boolean outer = !delivering;
        delivering = true;
        try {
            for (Consumer<HubEvent> part : order) {
                try {
                    part.accept(event);
                } catch (RuntimeException e) {
                    log.error("an event subscriber failed on {}", event.getClass().getSimpleName(), e);
                }
            }
        } finally {
            if (outer) {
                delivering = false;
            }
        }
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
