package org.carecall.agent.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carecall.agent.Agent;
import org.carecall.agent.outbox.OutboxEntry;

/**
 * When the units heard RECEIVED: every 50 ms the calls the units hold as RECEIVED are counted, and each
 * moment the count grew is kept. From it comes the time a fault stopped calls being acknowledged: the
 * longest stretch without a RECEIVED after the fault, and when it ended.
 */
public final class ReceivedPulse implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    private final List<Instant> grew = new ArrayList<>();
    private final Thread poller;

    public ReceivedPulse(List<Agent> agents) {
        poller = Thread.ofVirtual().start(() -> {
            long last = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = agents.stream().mapToLong(agent -> agent.onLoop(() -> agent.outbox().all()).stream()
                        .filter(OutboxEntry::isAlarm).filter(OutboxEntry::received).count()).sum();
                if (now > last) {
                    note(Instant.now());
                    last = now;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private synchronized void note(Instant at) {
        grew.add(at);
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
