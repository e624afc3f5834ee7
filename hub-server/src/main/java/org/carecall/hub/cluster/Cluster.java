package org.carecall.hub.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.escalation.OpenConsoles;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.presence.Supervision;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub node's part in a district of nodes on one PostgreSQL database: its row among the nodes, the
 * news it writes for the others and the news it reads from them. Each start is a new instance (the id
 * may stay), so a node never takes its own news for another's, even after a quick restart.
 */
public final class Cluster implements NodeGroup {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    /** Before {@link #start}: nothing open here yet, and no node can be lost before the first beat. */
    private static final Here NOBODY_YET = new Here() {
        @Override
        public Set<String> consolesOpen() {
            return Set.of();
        }

        @Override
        public int unitsConnected() {
            return 0;
        }

        @Override
        public void event(HubEvent event) {
        }

        @Override
        public void recordsChanged(String what) {
        }

        @Override
        public void nodeLost() {
        }
    };

    private final String instance = UUID.randomUUID().toString();
    private final Database database;
    private final HubNodes nodes;
    private final NewsJournal journal;
    private final UnitHolders units;
    private NewsFeed feed;
    private volatile Here here = NOBODY_YET;
    private volatile DeviceSessions sessions;
    private volatile ClusterLink link;
    // Its own thread: a beat that waits on a slow database must not hold up the hub's other timers.
    private final java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hub-nodes").daemon(true).factory());

    Cluster(Database database, String nodeId, Clock clock) {
        this.database = database;
        this.journal = new NewsJournal(database, instance, clock);
        this.units = new UnitHolders(database, nodeId, instance, clock);
        this.nodes = new HubNodes(database, nodeId, instance, clock, () -> here.consolesOpen(),
                () -> here.unitsConnected(), node -> {
                    units.nodeLost(node.instance());
                    here.nodeLost();
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

    @Override
    public boolean inCharge() {
        return nodes.inCharge();
    }

    @Override
    public boolean othersAlive() {
        return nodes.othersAlive();
    }

    @Override
    public DeviceLink link(DeviceSessions here) {
        link = new ClusterLink(here, this);
        return link;
    }

    @Override
    public OpenConsoles consoles(OpenConsoles here, StaffDirectory staff, AlarmViews views) {
        return new ClusterConsoles(here, nodes, staff, views);
    }

    @Override
    public void follow(HubEvents events, DeviceSessions sessions, Supervision supervision) {
        this.sessions = sessions;
        events.subscribe(journal::onEvent);
        sessions.watch(units);
        supervision.shareWithOtherNodes(nodes::inCharge);
    }

    /**
     * Calls travel as their own news, and a login's session is looked up where it is used; any other change
     * through the API makes the other nodes read their copies of the records again.
     */
    @Override
    public void changedThroughApi(String method, String template) {
        if (!template.startsWith("/api/alarms") && !(method.equals("POST") && template.equals("/api/session"))) {
            journal.tell(new NodeNews.RecordsChanged(method + " " + template));
        }
    }

    @Override
    public void describe(Map<String, Object> health, Instant now) {
        health.put("node", nodes.id());
        health.put("nodes", nodes.all().stream().map(node -> Map.of("id", node.id(),
                "alive", node.alive(now), "seenAt", node.seenAt().toString(),
                "devicesConnected", node.units(), "consoles", node.consoles().size(),
                // which nodes still run an older release while a district is upgraded node by node
                "schemaVersion", node.schemaVersion() == null ? "before 24" : node.schemaVersion())).toList());
    }

    /**
     * Starts reading the other nodes' news, from now on, joins the nodes ({@link HubNodes#join}), and beats
     * every {@link HubNodes#BEAT}; before this node serves units or consoles. Where
     * the units are is read first, so a message for one already connected elsewhere is addressed to it.
     * A unit's news is this group's to follow; the rest goes {@code here}.
     */
    @Override
    public void start(Here here) throws StoreException {
        this.here = here;
        feed = new NewsFeed(database, instance, news -> {
            switch (news) {
                case NodeNews.UnitLogin login -> {
                    units.heard(login);
                    if (sessions != null && sessions.takenOver(login.deviceId(), login.epoch())) {
                        log.info("device {} logged in on hub node {} (epoch {}); its older connection here is closed",
                                login.deviceId(), login.node(), login.epoch());
                    }
                }
                case NodeNews.UnitLogout logout -> units.heard(logout);
                case NodeNews.UnitMessage message -> {
                    if (link != null) {
                        link.deliver(message);
                    }
                }
                case NodeNews.RecordsChanged changed -> here.recordsChanged(changed.what());
                case NodeNews.Event(HubEvent event) -> here.event(event);
            }
        });
        nodes.join(); // after the feed's first number: news from now on is read, and the rest is in the board
        units.load();
        beats.scheduleWithFixedDelay(this::beat, 0, HubNodes.BEAT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** This node's row, the others' rows, and any news a failed write left waiting. */
    private void beat() {
        try {
            nodes.beat();
            journal.flush();
        } catch (RuntimeException e) {
            log.error("a beat among the hub nodes failed", e);
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
