package org.carecall.agent.keys;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.outbox.Sender;
import org.carecall.protocol.Channel;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident's two everyday keys: the green 平安 key (CHECK_IN) and the service key (SERVICE_REQUEST).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>a press is sent only while the hub's current config enables that key; otherwise the unit gives a
 *       short buzz and nothing is stored or sent (so a hub that does not know the kinds never sees them);</li>
 *   <li>an enabled press is stored in the outbox with the unit's own id before anything else, and sent as
 *       {@code up/event} with that id on every resend until the hub acknowledges it;</li>
 *   <li>"received" ({@code checkin-ok}, {@code service-received}) is said only after the hub's PUBACK for
 *       that event, once, even for a press stored before a restart;</li>
 *   <li>a press not acknowledged within {@code retryingAfter} makes the unit say once that it cannot reach
 *       the community and keeps trying; the event stays in the outbox;</li>
 *   <li>the keys' words never cut off a call's prompts (the voice queues them) and never change its lamps.</li>
 * </ul>
 * Runs on the agent's loop thread.
 */
public final class EverydayKeys {
    private static final Logger log = LoggerFactory.getLogger(EverydayKeys.class);

    /** One key: the input it is wired to, the kind it sends, and what it says. */
    public enum Key {
        CHECK_IN("check-in-key", EventKind.CHECK_IN, Voice.Clip.CHECKIN_OK, Voice.Clip.CHECKIN_RETRYING),
        SERVICE("service-key", EventKind.SERVICE_REQUEST, Voice.Clip.SERVICE_RECEIVED, Voice.Clip.SERVICE_RETRYING);

        public final String input;
        final EventKind kind;
        final Voice.Clip received;
        final Voice.Clip retrying;

        Key(String input, EventKind kind, Voice.Clip received, Voice.Clip retrying) {
            this.input = input;
            this.kind = kind;
            this.received = received;
            this.retrying = retrying;
        }

        boolean enabledBy(DeviceConfig config) {
            return config != null && (this == CHECK_IN ? config.checkInEnabled() : config.serviceKeyEnabled());
        }

        static Optional<Key> of(EventKind kind) {
            for (Key key : values()) {
                if (key.kind == kind) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }
    }

    /** The settings the keys need: how long before "will keep trying", and how long a press may wait. */
    public record Timing(Duration retryingAfter, Duration eventTtl) {
    }

    private final Outbox outbox;
    private final Sender sender;
    private final Feedback feedback;
    private final Supplier<DeviceConfig> config;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Timing timing;
    private final PayloadCodec codec = new PayloadCodec();
    /** Presses of this run not yet acknowledged, by event id. */
    private final Map<String, Key> waiting = new HashMap<>();
    /** Keys whose "will keep trying" was said and not yet followed by a "received". */
    private final Set<Key> retryingSaid = EnumSet.noneOf(Key.class);

    public EverydayKeys(Outbox outbox, Sender sender, Feedback feedback, Supplier<DeviceConfig> config, Clock clock,
                        ScheduledExecutorService loop, Timing timing) {
        this.outbox = outbox;
        this.sender = sender;
        this.feedback = feedback;
        this.config = config;
        this.clock = clock;
        this.loop = loop;
        this.timing = timing;
    }

    /** The resident pressed a key; returns the stored event's id, or empty when the key is not enabled. */
    public Optional<String> pressed(Key key) throws SQLException {
        if (!key.enabledBy(config.get())) {
            log.info("{} pressed, but the hub's config does not enable it: a short buzz, nothing sent", key.input);
            feedback.notAvailable();
            return Optional.empty();
        }
        Instant now = clock.instant();
        String id = MessageIds.next(now.toEpochMilli());
        outbox.add(id, Channel.EVENT, codec.encode(new DeviceEvent(id, key.kind, key.input, now)), outbox.nextSeq(), now,
                null, now.plus(timing.eventTtl()));
        waiting.put(id, key);
        log.info("{} {} stored; sending", key.kind, id);
        loop.schedule(() -> stillWaiting(id), timing.retryingAfter().toMillis(), TimeUnit.MILLISECONDS);
        sender.sendNow();
        return Optional.of(id);
    }

    /** The hub acknowledged a message that is not an alarm (told once per message, by the sender). */
    public void delivered(OutboxEntry entry) {
        if (entry.channel() != Channel.EVENT) {
            return;
        }
        Optional<Key> key = keyOf(entry);
        if (key.isEmpty()) {
            return;
        }
        waiting.remove(entry.id());
        retryingSaid.remove(key.get());
        log.info("{} {} stored by the hub; saying so", key.get().kind, entry.id());
        feedback.announce(key.get().received, null);
    }

    private void stillWaiting(String id) {
        Key key = waiting.get(id);
        if (key == null || !retryingSaid.add(key)) {
            return; // acknowledged meanwhile, or she has already been told for an earlier press
        }
        log.warn("{} {} not acknowledged within {} s; the unit keeps trying", key.kind, id,
                timing.retryingAfter().toSeconds());
        feedback.announce(key.retrying, null);
    }

    private Optional<Key> keyOf(OutboxEntry entry) {
        try {
            return Key.of(codec.decode(DeviceEvent.class, entry.payload()).kind());
        } catch (ProtocolException e) {
            return Optional.empty(); // our own payload always reads
        }
    }
}
