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
    private final UnitHolders units;
    private NewsFeed feed;
    // Its own thread: a beat that waits on a slow database must not hold up the hub's other timers.
    private final java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hub-nodes").daemon(true).factory());

    public Cluster(Database database, String nodeId, Clock clock, Supplier<Set<String>> consolesHere,
                   IntSupplier unitsHere, Consumer<HubNodes.Node> lost) {
        this.database = database;
        this.journal = new NewsJournal(database, instance, clock);
        this.units = new UnitHolders(database, nodeId, instance, clock);
        this.nodes = new HubNodes(database, nodeId, instance, clock, consolesHere, unitsHere, node -> {
            units.nodeLost(node.instance());
            lost.accept(node);
        });
        journal.ringWhile(nodes::othersAlive);
    }

    public HubNodes nodes() {
        return nodes;
    }

    public NewsJournal journal() {
        return journal;
    }

    /** Which node holds each unit's connection. */
    public UnitHolders units() {
        return units;
    }

    /**
     * Starts reading the other nodes' news, from now on, and beating every {@link HubNodes#BEAT}. Where
     * the units are is read first, so a message for one already connected elsewhere is addressed to it.
     */
    public void start(Consumer<NodeNews> listener) throws StoreException {
        feed = new NewsFeed(database, instance, news -> {
            switch (news) {
                case NodeNews.UnitLogin login -> units.heard(login);
                case NodeNews.UnitLogout logout -> units.heard(logout);
                default -> { }
            }
            listener.accept(news);
        });
        units.load();
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
