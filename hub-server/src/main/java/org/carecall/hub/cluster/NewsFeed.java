package org.carecall.hub.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the other nodes' news from {@code hub_event} in the order of its sequence numbers, on a connection
 * of its own that listens for the doorbell (and looks every second anyway). After a lost connection it
 * reads on from the last number it handed over, so news is missed only if the node was away longer than
 * the rows are kept.
 *
 * <p>Sequence numbers are taken when a row is written, not when it is committed: two nodes' commits may
 * land out of order, and a number may stay empty for ever (a rolled-back group). A gap is waited for a
 * moment before the rows after it are read, so that late news is not skipped; an empty number is passed
 * over after {@link #GAP_WAIT_MS}.
 */
public final class NewsFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NewsFeed.class);
    static final long GAP_WAIT_MS = 3_000;
    private static final int PAGE = 500;

    private final Database database;
    private final String instance;
    private final Consumer<NodeNews> listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection listening; // the one the feed thread waits on, closed under it at close()
    private long cursor; // the feed thread's own: the last number handed over or passed over
    private long gapSeenAt = -1; // when the gap after the cursor was first seen; -1: none

    /** Starts reading after the news written before now: the node's consoles read the board afresh anyway. */
    public NewsFeed(Database database, String instance, Consumer<NodeNews> listener) throws StoreException {
        this.database = database;
        this.instance = instance;
        this.listener = listener;
        this.cursor = database.read(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet max = query.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_event")) {
                max.next();
                return max.getLong(1);
            }
        });
        this.thread = Thread.ofPlatform().name("news-feed").daemon(true).start(this::run);
    }

    private void run() {
        boolean told = false;
        while (running) {
            try (Connection connection = database.dedicatedConnection()) {
                listening = connection;
                if (!running) {
                    break;
                }
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + NewsJournal.DOORBELL);
                }
                if (told) {
                    log.warn("hearing the other hub nodes again; reading on from news {}", cursor);
                    told = false;
                }
                PGConnection bell = connection.unwrap(PGConnection.class);
                while (running) {
                    boolean waitingForGap = read(connection);
                    bell.getNotifications(waitingForGap ? 100 : 1_000); // returns at the ring, or after that long
                }
            } catch (SQLException | RuntimeException e) {
                if (!told && running) {
                    log.error("cannot hear the other hub nodes ({}); trying again every second", e.getMessage());
                    told = true;
                }
                if (running) {
                    pause();
                }
            }
        }
    }

    /** Hands over the news after the cursor, up to the first gap; true while a gap is being waited for. */
    private boolean read(Connection connection) throws SQLException {
        while (true) {
            int rows = 0;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, instance, kind, body FROM hub_event WHERE seq > ? ORDER BY seq LIMIT " + PAGE)) {
                query.setLong(1, cursor);
                try (ResultSet news = query.executeQuery()) {
                    while (news.next()) {
                        long seq = news.getLong(1);
                        if (seq != cursor + 1 && !gapOver()) {
                            return true;
                        }
                        gapSeenAt = -1;
                        cursor = seq;
                        rows++;
                        if (!instance.equals(news.getString(2))) {
                            hand(new NodeNews.Row(news.getString(3), news.getString(4)), seq);
                        }
                    }
                }
            }
            if (rows < PAGE) {
                return false;
            }
        }
    }

    /** Whether the gap after the cursor has been waited for long enough to be taken as empty. */
    private boolean gapOver() {
        long now = System.currentTimeMillis();
        if (gapSeenAt < 0) {
            gapSeenAt = now;
        }
        return now - gapSeenAt >= GAP_WAIT_MS;
    }

    private void hand(NodeNews.Row row, long seq) {
        try {
            Optional<NodeNews> news = NodeNews.fromRow(row);
            if (news.isEmpty()) {
                log.debug("news {} of unknown kind {} skipped", seq, row.kind());
                return;
            }
            listener.accept(news.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            log.error("news {} ({}) from another hub node could not be used: {}", seq, row.kind(), e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        // An interrupt does not wake a thread blocked reading a socket: aborting its connection does, so a
        // node stops at once rather than after the doorbell's wait.
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.debug("the news feed's connection could not be aborted: {}", e.getMessage());
            }
        }
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
