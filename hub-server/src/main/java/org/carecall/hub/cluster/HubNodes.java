package org.carecall.hub.cluster;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub nodes on one database, as their rows in {@code hub_node} say. Each node refreshes its own row
 * every {@link #BEAT} with the units it holds and the staff whose consoles are open on it, and reads the
 * others': a row not refreshed for {@link #STALE} is a node that stopped. The living node with the
 * smallest id is in charge of what must be done once for all (telling of silent units).
 */
public final class HubNodes {
    public static final Duration BEAT = Duration.ofSeconds(2);
    public static final Duration STALE = Duration.ofSeconds(10);
    private static final Duration NEWS_KEPT = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(HubNodes.class);

    /** A node as its row says; {@code schemaVersion}: what its code knows, null from a node before V24. */
    public record Node(String id, String instance, Instant startedAt, Instant seenAt, int units,
                       Set<String> consoles, Integer schemaVersion) {
        /** Whether the node refreshed its row within {@link #STALE} of {@code now}. */
        public boolean alive(Instant now) {
            return seenAt.plus(STALE).isAfter(now);
        }
    }

    private final Database database;
    private final String id;
    private final String instance;
    private final Clock clock;
    private final Instant startedAt;
    private final Supplier<Set<String>> consolesHere;
    private final IntSupplier unitsHere;
    private final Consumer<Node> lost;
    private volatile List<Node> others = List.of(); // the other living nodes, as of the last beat
    private volatile List<Node> all = List.of();
    private volatile Instant lastPrune = Instant.EPOCH;
    private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param consolesHere the staff with a console open on this node
     * @param unitsHere    how many units hold a connection to this node
     * @param lost         told once of each node that stops beating, so its units get time to move
     */
    public HubNodes(Database database, String id, String instance, Clock clock, Supplier<Set<String>> consolesHere,
                    IntSupplier unitsHere, Consumer<Node> lost) {
        this.database = database;
        this.id = id;
        this.instance = instance;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.consolesHere = consolesHere;
        this.unitsHere = unitsHere;
        this.lost = lost;
    }

    public String id() {
        return id;
    }

    /**
     * Makes this node seen before it serves anyone: writes its row, then waits for every transaction that
     * read {@code hub_node} before the row was there (a node that believed itself alone, deciding to write
     * no news, holds the table until it commits). From then on every change another node commits either
     * was committed before this node reads its boards, or carries its news.
     */
    public void join() throws StoreException {
        database.writer().routine(connection -> write(connection, clock.instant())).join();
        try (java.sql.Connection fence = database.dedicatedConnection()) {
            fence.setAutoCommit(false);
            try (java.sql.Statement lock = fence.createStatement()) {
                lock.execute("SET LOCAL lock_timeout = '" + STALE.toMillis() + "ms'");
                lock.execute("LOCK TABLE hub_node IN ACCESS EXCLUSIVE MODE");
            }
            fence.commit();
        } catch (java.sql.SQLException e) {
            // Only a node whose transaction stays open for seconds keeps it: its news may be missing here.
            log.error("could not wait for the other hub nodes' writes before serving ({}); a call they stored"
                    + " meanwhile may reach this node's consoles only when they are opened again", e.getMessage());
        }
    }

    /**
     * Writes this node's row and reads the others'; run every {@link #BEAT}. The write is not waited for
     * (the caller's thread also times escalation), and a beat whose last write is still queued adds none.
     */
    public void beat() {
        Instant now = clock.instant();
        if (writing.compareAndSet(false, true)) {
            database.writer().routine(connection -> write(connection, now)).whenComplete((done, failure) -> {
                writing.set(false);
                if (failure != null) {
                    log.warn("could not refresh this node's row among the hub nodes: {}", failure.getMessage());
                }
            });
        }
        try {
            read(now);
        } catch (StoreException e) {
            log.warn("could not read the hub nodes' rows: {}", e.getMessage());
        }
    }

    private Void write(java.sql.Connection connection, Instant now) throws java.sql.SQLException {
        // schema_version: what this node's code knows, so that a newer node does not migrate past it (Migrations)
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO hub_node (id, instance,"
                + " started_at, seen_at, units, consoles, schema_version) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id)"
                + " DO UPDATE SET instance = excluded.instance, started_at = excluded.started_at,"
                + " seen_at = excluded.seen_at, units = excluded.units, consoles = excluded.consoles,"
                + " schema_version = excluded.schema_version")) {
            upsert.setString(1, id);
            upsert.setString(2, instance);
            upsert.setLong(3, startedAt.toEpochMilli());
            upsert.setLong(4, now.toEpochMilli());
            upsert.setInt(5, unitsHere.getAsInt());
            upsert.setString(6, String.join(",", consolesHere.get()));
            upsert.setInt(7, database.schemaKnown());
            upsert.executeUpdate();
        }
        if (now.isAfter(lastPrune.plus(Duration.ofMinutes(1)))) {
            lastPrune = now;
            try (PreparedStatement prune = connection.prepareStatement("DELETE FROM hub_event WHERE at < ?")) {
                prune.setLong(1, now.minus(NEWS_KEPT).toEpochMilli());
                prune.executeUpdate();
            }
        }
        return null;
    }

    private void read(Instant now) throws StoreException {
        List<Node> nodes = database.read(connection -> {
            List<Node> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, instance, started_at, seen_at, units, consoles, schema_version FROM hub_node ORDER BY id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String consoles = rows.getString(6);
                    int schema = rows.getInt(7);
                    Integer schemaVersion = rows.wasNull() ? null : schema;
                    found.add(new Node(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)),
                            Instant.ofEpochMilli(rows.getLong(4)), rows.getInt(5), consoles.isEmpty() ? Set.of()
                            : new HashSet<>(Arrays.asList(consoles.split(","))), schemaVersion));
                }
            }
            return found;
        });
        List<Node> before = others;
        List<Node> living = nodes.stream().filter(node -> !node.instance().equals(instance) && node.alive(now)).toList();
        for (Node node : before) {
            if (living.stream().noneMatch(other -> other.instance().equals(node.instance()))) {
                log.warn("hub node {} stopped answering (last seen {}); its units move to the living nodes",
                        node.id(), node.seenAt());
                lost.accept(node);
            }
        }
        living.stream().filter(node -> node.id().equals(id)).findFirst().ifPresent(twin -> log.error(
                "another running hub node calls itself {} (started {}): give each node its own CARECALL_NODE_ID",
                id, twin.startedAt()));
        others = living;
        all = nodes;
    }

    /** The staff with a console open on another living node. */
    public Set<String> consolesElsewhere() {
        return others.stream().flatMap(node -> node.consoles().stream()).collect(Collectors.toSet());
    }

    /** Whether another node was alive at the last beat that could read the nodes' rows. */
    public boolean othersAlive() {
        return !others.isEmpty();
    }

    /** Whether this node is the living node with the smallest id, which does what must be done once. */
    public boolean inCharge() {
        return others.stream().allMatch(node -> node.id().compareTo(id) >= 0);
    }

    /** Every node's row, the stopped ones too, as of the last beat: for the health page. */
    public List<Node> all() {
        return all;
    }
}
