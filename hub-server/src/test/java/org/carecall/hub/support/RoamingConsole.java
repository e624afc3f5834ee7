package org.carecall.hub.support;

import java.time.Duration;
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

    private void followTheDistrict() {
        try {
            while (!closed) {
                Thread.sleep(100);
                if (current.closed()) {
                    shownBefore.addAll(current.callsShown());
                    reconnect();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        if (console.next("ready", READY) == null) {
            console.abort();
            return false;
        }
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
