package org.carecall.hub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's news into {@code hub_event} for the other nodes, with one {@code NOTIFY} per group
 * commit as the doorbell: the notification carries nothing, the rows carry everything, so a listener that
 * was away loses nothing by missing a ring.
 *
 * <p>News of a stored change (a call raised, moved or rung, a unit's login) is told by the write that makes
 * the change and kept here in that write's transaction ({@link #keep}): the change and its news commit
 * together, so no node can die between them. News that no write of its own carries (a unit's status,
 * which lives in memory; a message for a unit another node holds; records changed) is queued by
 * {@link #tell} and written by a write of its own.
 *
 * <p>News is written only while another node is alive to read it, and the doorbell rung only then: a node
 * alone would write rows nobody reads (their JSON, their inserts, their WAL) and wake only its own feed.
 * Whether one is alive is known from the last beat, and where that says none, from {@code hub_node} in the
 * group's own transaction: a node that joins registers there and then waits for every transaction that
 * read the table before it could be seen ({@link HubNodes#join}), so a change committed without news
 * was committed before the joining node read its board, and one committed after has its news.
 */
public final class NewsJournal implements StoreWriter.NewsKeeper {
    static final String DOORBELL = "carecall_news";
    private static final Logger log = LoggerFactory.getLogger(NewsJournal.class);
    private static final int MAX_WAITING = 50_000;

    private final Database database;
    private final String instance;
    private final Clock clock;
    private final ConcurrentLinkedQueue<NodeNews.Row> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong handed = new AtomicLong();
    private volatile BooleanSupplier othersAlive = () -> true;

    public NewsJournal(Database database, String instance, Clock clock) {
        this.database = database;
        this.instance = instance;
        this.clock = clock;
        database.writer().keepNewsWith(this);
    }

    /** What the last beat says of the other nodes: while it says one is alive, news is written without asking. */
    public void ringWhile(BooleanSupplier othersAlive) {
        this.othersAlive = othersAlive;
    }

    /**
     * The hub's own events that no write tells: a unit's status. Every other event is news of a change
     * and was told by the write that stored it.
     */
    public void onEvent(HubEvent event) {
        if (event instanceof HubEvent.DeviceStatusChanged) {
            tell(new NodeNews.Event(event));
        }
    }

    /** News with no write of its own: queued, and written by the next write of the journal's. */
    public void tell(NodeNews news) {
        NodeNews.toRow(news).ifPresent(row -> {
            if (waiting.size() >= MAX_WAITING) {
                log.error("news for other hub nodes is {} rows behind; dropping {}", MAX_WAITING, row.kind());
                return;
            }
            waiting.add(row);
            flush();
        });
    }

    /** Hands what waits to the writer, unless a task of ours is queued already (it takes all that waits). */
    public void flush() {
        if (waiting.isEmpty() || !queued.compareAndSet(false, true)) {
            return;
        }
        List<NodeNews.Row> taken = new ArrayList<>();
        handed.incrementAndGet();
        database.writer().urgent(connection -> {
            queued.set(false); // news arriving from now on needs a task of its own
            for (NodeNews.Row row; (row = waiting.poll()) != null; ) {
                taken.add(row);
                database.writer().tell(row);
            }
            return taken.size();
        }).whenComplete((written, failure) -> {
            if (failure != null) {
                queued.set(false);
                waiting.addAll(taken); // told again with the next news, or the next heartbeat
                log.warn("could not write the news for other hub nodes ({} rows waiting): {}", waiting.size(),
                        failure.getMessage());
            }
        });
    }

    /** Writes handed to the store writer so far for queued news: each takes all that waits, however many rows. */
    public long writesHanded() {
        return handed.get();
    }

    /**
     * A group's news, in its transaction: the rows, then the doorbell, which rings when the group commits;
     * nothing while no other node is alive.
     */
    @Override
    public void keep(Connection connection, List<Object> news) throws SQLException {
        long now = clock.millis();
        if (!othersAlive.getAsBoolean() && !othersRegistered(connection, now)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO hub_event (at, instance, kind, body) VALUES (?, ?, ?, ?)")) {
            for (Object told : news) {
                Optional<NodeNews.Row> row = rowOf(told);
                if (row.isPresent()) {
                    insert.setLong(1, now);
                    insert.setString(2, instance);
                    insert.setString(3, row.get().kind());
                    insert.setString(4, row.get().body());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement ring = connection.prepareStatement("SELECT pg_notify('" + DOORBELL + "', '')")) {
            ring.execute();
        }
    }

    /**
     * Whether another node's row in {@code hub_node} is alive, read in the group's transaction: the read holds
     * the table until the commit, which a joining node waits for.
     */
    private boolean othersRegistered(Connection connection, long now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM hub_node WHERE instance <> ?"
                + " AND seen_at > ? LIMIT 1")) {
            query.setString(1, instance);
            query.setLong(2, now - HubNodes.STALE.toMillis());
            try (java.sql.ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }

    /** A row as queued, an event of the hub's, or other news, as its row (none for a node's own affairs). */
    private static Optional<NodeNews.Row> rowOf(Object told) {
        return switch (told) {
            case NodeNews.Row row -> Optional.of(row);
            case HubEvent event -> NodeNews.toRow(new NodeNews.Event(event));
            case NodeNews news -> NodeNews.toRow(news);
            default -> throw new IllegalArgumentException("not news: " + told.getClass().getSimpleName());
        };
    }
}
