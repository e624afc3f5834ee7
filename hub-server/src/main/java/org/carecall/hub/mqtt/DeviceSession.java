package org.carecall.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;

/** One authenticated connection of one device. Packet ids are only taken on the channel's event loop. */
final class DeviceSession {
    static final AttributeKey<DeviceSession> KEY = AttributeKey.valueOf("carecall.device-session");

    private final String deviceId;
    private final String remote;
    private final java.time.Instant loggedInAt = java.time.Instant.now();
    private volatile boolean listening;
    private volatile MqttQoS grantedQos = MqttQoS.AT_LEAST_ONCE;
    private int lastPacketId;

    DeviceSession(String deviceId, String remote) {
        this.deviceId = deviceId;
        this.remote = remote;
    }

    String deviceId() {
        return deviceId;
    }

    String remote() {
        return remote;
    }

    /** When the device logged in on this connection, by this machine's clock. */
    java.time.Instant loggedInAt() {
        return loggedInAt;
    }

    /** Whether the device has subscribed to its downward channels, so messages for it can be sent. */
    boolean listening() {
        return listening;
    }

    /** The device subscribed to its downward channels at this QoS; messages to it are sent at no higher. */
    void listen(MqttQoS granted) {
        grantedQos = granted;
        listening = true;
    }

    MqttQoS grantedQos() {
        return grantedQos;
    }

    int nextPacketId() {
        lastPacketId = lastPacketId % 0xFFFF + 1;
        return lastPacketId;
    }
}
