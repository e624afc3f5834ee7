package org.carecall.hub.device;

import org.carecall.protocol.message.Message;

/**
 * The way down to devices. The embedded MQTT endpoint implements it today; a hub node that consumes
 * device traffic from a clustered broker would implement it by publishing through that broker.
 */
public interface DeviceLink {

    /**
     * Sends a message to a device if it is connected and listening; returns false otherwise. Nothing
     * is queued for an absent device: it is brought up to date after its next hello instead.
     */
    boolean send(String deviceId, Message message);

    boolean connected(String deviceId);
}
