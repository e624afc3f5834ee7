package org.carecall.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A staff console in a district of hub nodes, as behind the district's balancer: open on one node, and when
 * that node goes away it connects again with the same login, after the console page's first wait, to the next
 * node that answers (waiting longer each round none does, as the page does). Guarantees: every call it was
 * shown on any of its connections, raised live or on the board each join brings, is in {@link #callsShown()}.
 */
public final class RoamingConsole implements AutoCloseable {
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    private static final Duration READY = Duration.ofSeconds(10);

    private final List<Integer> httpPorts;
    private final String token;
    private final Set<String> shownBefore = ConcurrentHashMap.newKeySet();
    private final AtomicInteger joins = new AtomicInteger();
    private final AtomicInteger caughtUp = new AtomicInteger();
    private volatile JsonNode board;
    private volatile TestLiveConsole current;
    private volatile int node;
    private volatile boolean closed;
    private final Thread watching;

    /** Opens the console on node {@code first} of the district's HTTP ports and waits for its board. */
    public RoamingConsole(List<Integer> httpPorts, int first, String token) throws Exception {
        this.httpPorts = List.copyOf(httpPorts);
        this.token = token;
        if (!join(first)) {
            throw new IllegalStateException("no board from node " + first + " in " + READY.toSeconds() + " s");
        }
        watching = Thread.ofVirtual().start(this::followTheDistrict);
    }

    /** Every call shown on any connection so far. */
    public Set<String> callsShown() {
        Set<String> shown = new HashSet<>(shownBefore);
        shown.addAll(current.callsShown());
        return shown;
    }

    /** How many times it got a board: the first join and each reconnection. */
    public int joins() {
        return joins.get();
    }

    /**
     * How many calls it was shown only on the board of the node it joined, though they were stored before it
     * lost its own node: calls its own node did not pass on live (some of those stored in its node's last
     * moments are expected; many would mean a node does not hear the others).
     */
    public int caughtUpOnJoining() {
        return caughtUp.get();
    }

    private void followTheDistrict() {
        try {
            while (!closed) {
                Thread.sleep(100);
                if (current.closed()) {
                    Instant lost = Instant.now();
                    shownBefore.addAll(current.callsShown());
                    reconnect();
                    if (!closed) {
                        countCaughtUp(lost);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The calls on the new board that no earlier connection showed, though stored before {@code lost}. */
    private void countCaughtUp(Instant lost) {
        board.path("alarms").forEach(alarm -> {
            String storedAt = alarm.path("receivedAt").asText("");
            if (!shownBefore.contains(alarm.path("id").asText()) && !storedAt.isEmpty()
                    && Instant.parse(storedAt).isBefore(lost)) {
                caughtUp.incrementAndGet();
            }
        });
    }

    private void reconnect() throws InterruptedException {
        long wait = FIRST_WAIT.toMillis();
        while (!closed) {
            Thread.sleep((long) (wait * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
            for (int k = 1; k <= httpPorts.size(); k++) {
                if (join((node + k) % httpPorts.size())) {
                    return;
                }
            }
            wait = Math.min(LONGEST_WAIT.toMillis(), wait * 2);
        }
    }

    /** One connection to node {@code n} that brought its board, or false (the node does not answer). */
    private boolean join(int n) throws InterruptedException {
        TestLiveConsole console;
        try {
            console = new TestLiveConsole(httpPorts.get(n));
        } catch (Exception refused) {
            return false;
        }
        console.auth(token);
        JsonNode ready = console.next("ready", READY);
        if (ready == null) {
            console.abort();
            return false;
        }
        board = ready;
        current = console;
        node = n;
        joins.incrementAndGet();
        return true;
    }

    @Override
    public void close() {
        closed = true;
        watching.interrupt();
        current.close();
    }
}
