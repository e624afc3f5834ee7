package org.carecall.hub.cluster;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * This hub node's part in a district of nodes on one PostgreSQL database: its row among the nodes, the
 * news it writes for the others and the news it reads from them. Each start is a new instance (the id
 * may stay), so a node never takes its own news for another's, even after a quick restart.
 */
public final class Cluster implements AutoCloseable {
    private final String instance = UUID.randomUUID().toString();
    private final Database database;
    private final HubNodes nodes;
    private final NewsJournal journal;
    private NewsFeed feed;
    // Its own thread: a beat that waits on a slow database must not hold up the hub's other timers.
    private final java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hub-nodes").daemon(true).factory());

    public Cluster(Database database, String nodeId, Clock clock, Supplier<Set<String>> consolesHere,
                   IntSupplier unitsHere, Consumer<HubNodes.Node> lost) {
        this.database = database;
        this.nodes = new HubNodes(database, nodeId, instance, clock, consolesHere, unitsHere, lost);
        this.journal = new NewsJournal(database, instance, clock);
    }

    public HubNodes nodes() {
        return nodes;
    }

    public NewsJournal journal() {
        return journal;
    }

    /** Starts reading the other nodes' news, from now on, and beating every {@link HubNodes#BEAT}. */
    public void start(Consumer<NodeNews> listener) throws StoreException {
        feed = new NewsFeed(database, instance, listener);
        beats.scheduleWithFixedDelay(this::beat, 0, HubNodes.BEAT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** This node's row, the others' rows, and any news a failed write left waiting. */
    private void beat() {
        try {
            nodes.beat();
            journal.flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Cluster.class).error("a beat among the hub nodes failed", e);
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
        if (feed != null) {
            feed.close();
        }
    }
}
