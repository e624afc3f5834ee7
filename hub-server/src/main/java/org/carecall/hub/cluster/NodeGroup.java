package org.carecall.hub.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.escalation.OpenConsoles;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.presence.Supervision;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.Engine;
import org.carecall.hub.store.StoreException;

/**
 * This hub node among the nodes that share its store: a {@link Cluster} on PostgreSQL, where other nodes
 * may run; {@link Alone} on the embedded store. The rest of the hub asks it and never asks which it is.
 */
public sealed interface NodeGroup extends AutoCloseable permits Cluster, NodeGroup.Alone {

    static NodeGroup of(Database database, String nodeId, Clock clock) {
        return database.engine() == Engine.POSTGRESQL ? new Cluster(database, nodeId, clock) : new Alone();
    }

    /** What this node tells the group of itself and does with the others' news. */
    interface Here {
        /** The staff with a console open on this node. */
        Set<String> consolesOpen();

        /** How many units hold a connection to this node. */
        int unitsConnected();

        /** An event that happened on another node (the store was written there). */
        void event(HubEvent event);

        /** Another node changed records this node keeps copies of (staff, units, the community, policies). */
        void recordsChanged(String what);

        /** Another node stopped beating: its units need time to move, and its news may be lost. */
        void nodeLost();
    }

    /** Whether this node does what one node does for all: supervision, the weekly tests. */
    boolean inCharge();

    /** Whether another node is alive to take this node's units. */
    boolean othersAlive();

    /** The way down to a unit wherever it is connected (here, or held by another node). */
    DeviceLink link(DeviceSessions here);

    /** The consoles open on this node and, in a group, on the others. */
    OpenConsoles consoles(OpenConsoles here, StaffDirectory staff, AlarmViews views);

    /** Tells the others of this node's events and units, and lets only the node in charge supervise. */
    void follow(HubEvents events, DeviceSessions sessions, Supervision supervision);

    /** A change through the API: the others read their copies again, unless the change travels otherwise. */
    void changedThroughApi(String method, String template);

    /** The group's part of the health report. */
    void describe(Map<String, Object> health, Instant now);

    /** Starts beating and hearing the others' news. */
    void start(Here here) throws StoreException;

    @Override
    void close();

    /** The only node: in charge of everything, nobody to tell. */
    record Alone() implements NodeGroup {
        @Override
        public boolean inCharge() {
            return true;
        }

        @Override
        public boolean othersAlive() {
            return false;
        }

        @Override
        public DeviceLink link(DeviceSessions here) {
            return new ClusterLink(here, null);
        }

        @Override
        public OpenConsoles consoles(OpenConsoles here, StaffDirectory staff, AlarmViews views) {
            return here;
        }

        @Override
        public void follow(HubEvents events, DeviceSessions sessions, Supervision supervision) {
        }

        @Override
        public void changedThroughApi(String method, String template) {
        }

        @Override
        public void describe(Map<String, Object> health, Instant now) {
        }

        @Override
        public void start(Here here) {
        }

        @Override
        public void close() {
        }
    }
}
