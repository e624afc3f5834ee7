package org.carecall.hub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's news into {@code hub_event} for the other nodes. The rows waiting when the writer
 * takes the task go in together, with one {@code NOTIFY} as the doorbell: the notification carries nothing,
 * the rows carry everything, so a listener that was away loses nothing by missing a ring.
 *
 * <p>News is written just after the change it tells of was committed, in the writer's next group: a node
 * killed in between leaves that news untold: the change itself is stored and acknowledged, the other
 * nodes' consoles show it when they next read the board, and escalation, which works from the store,
 * fires from any node and tells every node.
 */
public final class NewsJournal {
    static final String DOORBELL = "carecall_news";
    private static final Logger log = LoggerFactory.getLogger(NewsJournal.class);
    private static final int MAX_WAITING = 50_000;

    private final Database database;
    private final String instance;
    private final Clock clock;
    private final ConcurrentLinkedQueue<NodeNews.Row> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong handed = new AtomicLong();

    public NewsJournal(Database database, String instance, Clock clock) {
        this.database = database;
        this.instance = instance;
        this.clock = clock;
    }

    /** The hub's own events: every one another node's consoles or units may need. */
    public void onEvent(HubEvent event) {
        tell(new NodeNews.Event(event));
    }

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
            }
            return write(connection, taken);
        }).whenComplete((written, failure) -> {
            if (failure != null) {
                queued.set(false);
                waiting.addAll(taken); // told again with the next news, or the next heartbeat
                log.warn("could not write the news for other hub nodes ({} rows waiting): {}", waiting.size(),
                        failure.getMessage());
            }
        });
    }

    /** Writes handed to the store writer so far: each takes all the news waiting, however many rows. */
    public long writesHanded() {
        return handed.get();
    }

    private int write(Connection connection, List<NodeNews.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO hub_event (at, instance, kind, body) VALUES (?, ?, ?, ?)")) {
            for (NodeNews.Row row : rows) {
                insert.setLong(1, now);
                insert.setString(2, instance);
                insert.setString(3, row.kind());
                insert.setString(4, row.body());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement ring = connection.prepareStatement("SELECT pg_notify('" + DOORBELL + "', '')")) {
            ring.execute();
        }
        return rows.size();
    }
}
