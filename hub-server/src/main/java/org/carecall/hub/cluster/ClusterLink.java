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
    private final NewsJournal journal; // null: a single hub node
    private final PayloadCodec codec = new PayloadCodec();

    public ClusterLink(DeviceSessions here, NewsJournal journal) {
        this.here = here;
        this.journal = journal;
    }

    /** True when sent from here; a message handed to the other nodes is not known to have arrived. */
    @Override
    public boolean send(String deviceId, Message message) {
        if (here.send(deviceId, message)) {
            return true;
        }
        if (journal != null) {
            journal.tell(new NodeNews.UnitMessage(deviceId, message.channel(), codec.encodeToString(message)));
        }
        return false;
    }

    @Override
    public boolean connected(String deviceId) {
        return here.connected(deviceId);
    }

    /** Another node's message for a unit: sent if the unit is connected here. */
    public boolean deliver(NodeNews.UnitMessage message) {
        return here.sendEncoded(message.deviceId(), message.channel(), message.payload().getBytes(StandardCharsets.UTF_8));
    }
}
