package org.carecall.hub.family;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the family outbox holds, on a thread of its own (never an alarm's): claims the due messages
 * for this node, delivers each on its channel, and marks it delivered, or due again after a wait that
 * doubles with each failure (up to an hour), or given up after the last attempt. A node that dies between
 * sending and marking leaves its claim to run out; the message is then sent again with the same key.
 */
public final class FamilySender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FamilySender.class);
    private static final int ROUND = 20;
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);
    /** Longer than any delivery takes (each channel gives up on the other side within seconds). */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The results an attempt is counted under. */
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String GIVEN_UP = "given-up";

    /** How many attempts a message gets, the first wait between them, how often due ones are looked for. */
    public record Settings(int attempts, Duration firstRetry, Duration sweep) {
    }

    private final FamilyOutbox outbox;
    private final Map<FamilyMessage.Channel, FamilyChannel> channels;
    private final String node;
    private final Settings settings;
    private final BiConsumer<String, String> counted;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("family-sender").daemon(true).factory());
    private final AtomicBoolean nudged = new AtomicBoolean();

    public FamilySender(FamilyOutbox outbox, List<FamilyChannel> channels, String node, Settings settings, Clock clock) {
        this(outbox, channels, node, settings, (channel, result) -> { }, clock);
    }

    /** {@code counted} hears each attempt's channel and result: delivered, failed (to be retried) or given-up. */
    public FamilySender(FamilyOutbox outbox, List<FamilyChannel> channels, String node, Settings settings,
                        BiConsumer<String, String> counted, Clock clock) {
        this.counted = counted;
        this.outbox = outbox;
        this.channels = channels.stream().collect(java.util.stream.Collectors.toMap(FamilyChannel::kind, c -> c));
        this.node = node;
        this.settings = settings;
        this.clock = clock;
    }

    /** The channels messages can go out on now. */
    public java.util.Set<FamilyMessage.Channel> channels() {
        return channels.keySet();
    }

    public void start() {
        long every = settings.sweep().toMillis();
        thread.scheduleWithFixedDelay(this::sendDueGuarded, every, every, TimeUnit.MILLISECONDS);
    }

    /** New messages were stored: send them now rather than at the next sweep. */
    public void nudge() {
        if (nudged.compareAndSet(false, true)) {
            thread.execute(() -> {
                nudged.set(false);
                sendDueGuarded();
            });
        }
    }

    private void sendDueGuarded() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            log.error("family news: a round of sending failed", e);
        }
    }

    /** One round: the messages this node claimed, each delivered and marked; how many were delivered. */
    public int sendDue() {
        int delivered = 0;
        List<FamilyMessage> claimed;
        do {
            claimed = outbox.claimDue(node, ROUND, LEASE).join();
            for (FamilyMessage message : claimed) {
                delivered += send(message) ? 1 : 0;
            }
        } while (claimed.size() == ROUND);
        return delivered;
    }

    private boolean send(FamilyMessage message) {
        FamilyChannel channel = channels.get(message.channel());
        try {
            if (channel == null) {
                throw new IllegalStateException("no " + message.channel() + " channel is configured on this node");
            }
            channel.deliver(message);
            counted.accept(message.channel().name(), DELIVERED);
            outbox.delivered(message.id(), node).join();
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Long retryAt = message.attempts() >= settings.attempts() ? null : clock.millis() + wait(message.attempts());
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("family news: {} to {} on {} failed (attempt {} of {}){}: {}", message.id(),
                    message.contactName(), message.channel(), message.attempts(), settings.attempts(),
                    retryAt == null ? ", given up" : "", why);
            counted.accept(message.channel().name(), retryAt == null ? GIVEN_UP : FAILED);
            outbox.failed(message.id(), node, why, retryAt).join();
            return false;
        }
    }

    /** The wait after the n-th failed attempt: the first wait, doubled each time, at most an hour. */
    long wait(int attempts) {
        long wait = settings.firstRetry().toMillis() << Math.min(attempts - 1, 20);
        return Math.min(wait, LONGEST_WAIT.toMillis());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
