package org.carecall.agent.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.agent.Agent;
import org.carecall.agent.outbox.OutboxEntry;

/**
 * When the units heard RECEIVED: every 50 ms each call the units hold as RECEIVED is noted with the moment
 * it was first seen so, and each moment a call was. From it come the time a fault stopped calls being
 * acknowledged (the longest stretch without a RECEIVED after the fault, and when it ended) and how long the
 * call that waited longest waited, from its press to its RECEIVED (50 ms of polling at most added).
 */
public final class ReceivedPulse implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    /** A call the units heard RECEIVED for: when it was pressed, and when the poll first saw it RECEIVED. */
    private record Heard(Instant pressed, Instant received) {
    }

    private final List<Instant> grew = new ArrayList<>();
    private final Map<String, Heard> heard = new HashMap<>();
    private final Thread poller;

    public ReceivedPulse(List<Agent> agents) {
        poller = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                List<OutboxEntry> received = agents.stream().flatMap(agent -> agent.onLoop(() -> agent.outbox().all())
                        .stream()).filter(OutboxEntry::isAlarm).filter(OutboxEntry::received).toList();
                note(received, Instant.now());
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private synchronized void note(List<OutboxEntry> received, Instant now) {
        boolean any = false;
        for (OutboxEntry call : received) {
            any |= heard.putIfAbsent(call.id(), new Heard(call.createdAt(), now)) == null;
        }
        if (any) {
            grew.add(now);
        }
    }

    /** The longest a call pressed between the two moments waited for its RECEIVED; zero if none was heard. */
    public synchronized Duration longestWait(Instant from, Instant to) {
        return heard.values().stream().filter(call -> !call.pressed().isBefore(from) && call.pressed().isBefore(to))
                .map(call -> Duration.between(call.pressed(), call.received())).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /**
     * The end of the longest stretch without a RECEIVED between {@code from} (the fault) and {@code to}:
     * when calls were RECEIVED again. Empty if none was heard after {@code from}.
     */
    public synchronized Optional<Instant> endOfLongestSilence(Instant from, Instant to) {
        Instant previous = from;
        Instant end = null;
        Duration longest = Duration.ofMillis(-1);
        for (Instant at : grew) {
            if (!at.isAfter(from) || at.isAfter(to)) {
                continue;
            }
            Duration silence = Duration.between(previous, at);
            if (silence.compareTo(longest) > 0) {
                longest = silence;
                end = at;
            }
            previous = at;
        }
        return Optional.ofNullable(end);
    }

    @Override
    public void close() throws InterruptedException {
        poller.interrupt();
        poller.join();
    }
}
