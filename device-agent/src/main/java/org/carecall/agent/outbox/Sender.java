package org.carecall.agent.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carecall.agent.link.Backoff;
import org.carecall.agent.link.HubLink;
import org.carecall.protocol.Channel;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties the outbox towards the hub: publishes what is due, in order (alarms and cancels first, then by
 * sequence), and schedules each message's next attempt with backoff and jitter, never giving up. A
 * message that is not an alarm leaves the outbox when the hub acknowledges it (and {@code delivered} is
 * told, once per message, so the unit can say "received"); an alarm stops being resent only when the
 * hub's receipt says RECEIVED. Runs on the agent's loop thread.
 */
public final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final int BATCH = 50;

    private final Outbox outbox;
    private final HubLink link;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final PayloadCodec codec = new PayloadCodec();
    private final Consumer<OutboxEntry> delivered;
    private ScheduledFuture<?> next;

    public Sender(Outbox outbox, HubLink link, Backoff backoff, Clock clock, ScheduledExecutorService loop) {
        this(outbox, link, backoff, clock, loop, entry -> { });
    }

    /** {@code delivered}: told on the loop of each message that is not an alarm once the hub acknowledged it. */
    public Sender(Outbox outbox, HubLink link, Backoff backoff, Clock clock, ScheduledExecutorService loop,
                  Consumer<OutboxEntry> delivered) {
        this.delivered = delivered;
        this.outbox = outbox;
        this.link = link;
        this.backoff = backoff;
        this.clock = clock;
        this.loop = loop;
    }

    /** The link is back: everything waiting is due at once (the link's own jittered backoff spread the reconnects). */
    public void linkUp() {
        loop.execute(() -> {
            try {
                outbox.allDue(clock.instant());
            } catch (SQLException e) {
                log.error("outbox: cannot reschedule after reconnect: {}", e.getMessage());
            }
            pump();
        });
    }

    /** Sends what is due without waiting for the next scheduled round. */
    public void sendNow() {
        loop.execute(this::pump);
    }

    private void pump() {
        if (!link.connected()) {
            return; // the link calls sendNow() when it is back
        }
        try {
            Instant now = clock.instant();
            int expired = outbox.expire(now);
            if (expired > 0) {
                log.info("outbox: dropped {} stale events", expired);
            }
            List<OutboxEntry> due = outbox.due(now, BATCH);
            for (OutboxEntry entry : due) {
                publish(entry, now);
            }
            scheduleNext(due.size() == BATCH);
        } catch (SQLException e) {
            log.error("outbox: cannot read or update: {}; trying again shortly", e.getMessage());
            schedule(1000);
        }
    }

    private void publish(OutboxEntry entry, Instant now) throws SQLException {
        int attempt = entry.attempts() + 1;
        outbox.attempted(entry.id(), attempt, now.plus(backoff.delay(entry.attempts())));
        byte[] payload = entry.payload();
        if (entry.isAlarm() && attempt > 1) {
            payload = withAttempt(payload, attempt);
        }
        String id = entry.id();
        link.publish(entry.channel(), payload, 1).whenComplete((done, failure) -> loop.execute(() -> {
            if (failure != null) {
                log.debug("outbox: {} {} not acknowledged yet: {}", entry.channel(), id, failure.getMessage());
                return;
            }
            if (entry.channel() != Channel.ALARM) {
                try {
                    if (outbox.delivered(id)) {
                        delivered.accept(entry);
                    }
                } catch (SQLException e) {
                    log.error("outbox: cannot remove delivered {}: {}", id, e.getMessage());
                }
            }
        }));
        if (attempt > 1) {
            log.info("outbox: resent {} {} (attempt {})", entry.channel(), id, attempt);
        }
    }

    private byte[] withAttempt(byte[] payload, int attempt) {
        try {
            AlarmReport report = codec.decode(AlarmReport.class, payload);
            return codec.encode(new AlarmReport(report.id(), report.kind(), report.source(), report.raisedAt(),
                    report.seq(), attempt, report.test(), report.repeatOf()));
        } catch (ProtocolException e) {
            return payload; // our own payload always reads; send it as it is if not
        }
    }

    private void scheduleNext(boolean moreDueNow) throws SQLException {
        if (moreDueNow) {
            schedule(0);
            return;
        }
        outbox.nextDue().ifPresent(at -> schedule(Math.max(0, at.toEpochMilli() - clock.millis())));
    }

    private void schedule(long delayMillis) {
        if (next != null) {
            next.cancel(false);
        }
        next = loop.schedule(this::pump, delayMillis, TimeUnit.MILLISECONDS);
    }
}
