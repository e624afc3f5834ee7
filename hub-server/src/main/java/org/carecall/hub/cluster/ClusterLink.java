package org.carecall.hub.cluster;

import java.nio.charset.StandardCharsets;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.PayloadCodec;

/**
 * The way down to a unit wherever it is connected: through this node's own connection to it, or, for a
 * unit held by another node, as news that the node holding it sends on (a receipt after a tap on this
 * node's console, a weekly test, a locate). With no other nodes, this node's connections only.
 */
public final class ClusterLink implements DeviceLink {
    private final DeviceSessions here;
    private final Cluster cluster; // null: a single hub node
    private final PayloadCodec codec = new PayloadCodec();

    public ClusterLink(DeviceSessions here, Cluster cluster) {
        this.here = here;
        this.cluster = cluster;
    }

    /** True when sent from here; a message handed to the other nodes is not known to have arrived. */
    @Override
    public boolean send(String deviceId, Message message) {
        if (here.send(deviceId, message)) {
            return true;
        }
        if (cluster != null) {
            // Addressed to the login heard of; to whichever node holds the unit if none was heard of yet.
            long epoch = cluster.units().holder(deviceId).map(UnitHolders.Holder::epoch).orElse(0L);
            cluster.journal().tell(new NodeNews.UnitMessage(deviceId, epoch, message.channel(),
                    codec.encodeToString(message)));
        }
        return false;
    }

    /** Connected here, or, as far as this node has heard, to another node. */
    @Override
    public boolean connected(String deviceId) {
        return here.connected(deviceId) || (cluster != null && cluster.units().holder(deviceId).isPresent());
    }

    /** Another node's message for a unit: sent if the unit's login here is the one it is for, or newer. */
    public boolean deliver(NodeNews.UnitMessage message) {
        return here.sendEncoded(message.deviceId(), message.epoch(), message.channel(),
                message.payload().getBytes(StandardCharsets.UTF_8));
    }
}
