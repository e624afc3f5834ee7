package org.carecall.hub.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Patroni's own account of a fault: from the moment it is made, the leader as the other members' REST API
 * tells it ({@code GET /cluster}, every 100 ms), each change kept with its time. From it come Patroni's
 * detection time (until the leader is running again, itself restarted or another promoted) and which of
 * the two it did.
 */
public final class PatroniWatch implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    /** The leader as seen at one moment: its name (none while the key is free), state and timeline. */
    public record Seen(Instant at, String leader, String state, int timeline) {
    }

    private final Instant fault;
    private final String faulted;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread poller;

    private PatroniWatch(TestPatroniCluster cluster, TestPatroniCluster.Member faulted, Instant fault) {
        this.fault = fault;
        this.faulted = faulted.name();
        this.poller = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<TestPatroniCluster.MemberState> leader = cluster.view(faulted).stream()
                        .filter(state -> state.role().equals("leader")).findFirst();
                note(new Seen(Instant.now(), leader.map(TestPatroniCluster.MemberState::name).orElse(""),
                        leader.map(TestPatroniCluster.MemberState::state).orElse(""),
                        leader.map(TestPatroniCluster.MemberState::timeline).orElse(0)));
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts watching at the moment of a fault to the given member. */
    public static PatroniWatch from(TestPatroniCluster cluster, TestPatroniCluster.Member faulted, Instant fault) {
        return new PatroniWatch(cluster, faulted, fault);
    }

    private synchronized void note(Seen now) {
        Seen last = seen.isEmpty() ? null : seen.getLast();
        if (last == null || !last.leader().equals(now.leader()) || !last.state().equals(now.state())
                || last.timeline() != now.timeline()) {
            seen.add(now);
        }
    }

    /** Another member leads and runs: Patroni failed over. */
    public synchronized Optional<Seen> newLeader() {
        return seen.stream().filter(s -> !s.leader().isEmpty() && !s.leader().equals(faulted)
                && s.state().equals("running")).findFirst();
    }

    /** The faulted member was seen not running and then running as leader again: Patroni restarted it. */
    public synchronized Optional<Seen> restartedInPlace() {
        boolean down = false;
        for (Seen s : seen) {
            down |= !s.leader().equals(faulted) || !s.state().equals("running");
            if (down && s.leader().equals(faulted) && s.state().equals("running")) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The first of the two: when Patroni had a running leader again. */
    public Optional<Seen> leaderAgain() {
        return newLeader().or(this::restartedInPlace);
    }

    /** What Patroni did, in words, with its time from the fault. */
    public String account() {
        Optional<Seen> promoted = newLeader();
        if (promoted.isPresent()) {
            return "%s promoted (timeline %d), running %d ms after the fault".formatted(promoted.get().leader(),
                    promoted.get().timeline(), millis(promoted.get()));
        }
        return restartedInPlace().map(s -> ("PostgreSQL restarted in place on %s (timeline %d), running %d ms after"
                + " the fault").formatted(faulted, s.timeline(), millis(s))).orElse("no running leader seen");
    }

    public long millis(Seen s) {
        return Duration.between(fault, s.at()).toMillis();
    }

    /** Every change seen, for the test's log. */
    public synchronized List<Seen> changes() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        poller.interrupt();
        poller.join();
    }
}
