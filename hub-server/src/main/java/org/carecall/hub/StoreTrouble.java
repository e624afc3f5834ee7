package org.carecall.hub;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.cluster.NodeGroup;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does when its store stops committing (a full disk, a lost database) and when it commits
 * again: a system alarm in the log and on every console, and, if the failure lasts while other nodes are
 * alive, its units are sent to them, which can store their calls. Units wait with their calls safe in
 * their outboxes meanwhile.
 */
final class StoreTrouble {
    private static final Logger log = LoggerFactory.getLogger(StoreTrouble.class);
    // A store failure this long, with other nodes alive, sends this node's units to them.
    private static final Duration HAND_OVER_AFTER = Duration.ofSeconds(5);

    private StoreTrouble() {
    }

    static void watch(StoreWriter writer, HubEvents events, DeviceSessions sessions, NodeGroup nodes,
                      ScheduledExecutorService timers) {
        writer.watchHealth(ok -> {
            if (!ok) {
                log.error("SYSTEM ALARM: the store cannot commit ({}); new calls are not being stored",
                        writer.lastFailure());
            }
            events.publish(new HubEvent.StoreHealthChanged(ok, ok ? null : writer.lastFailure()));
            if (ok) {
                sessions.acceptAgain();
            } else {
                timers.schedule(() -> handOver(writer, sessions, nodes), HAND_OVER_AFTER.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Still failing, with another node alive to go to: this node lets its units go. */
    private static void handOver(StoreWriter writer, DeviceSessions sessions, NodeGroup nodes) {
        if (!writer.healthy() && nodes.othersAlive()) {
            int units = sessions.handOver();
            log.error("this hub node cannot store calls ({}); {} units sent to the other nodes, new ones refused"
                    + " until the store works again", writer.lastFailure(), units);
        }
    }
}
