package org.carecall.hub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;

/** One authenticated connection of one device. Packet ids are only taken on the channel's event loop. */
final class DeviceSession {
    static final AttributeKey<DeviceSession> KEY = AttributeKey.valueOf("carecall.device-session");

    private final String deviceId;
    private final String remote;
    private final String credential;
    private final java.time.Instant loggedInAt = java.time.Instant.now();
    // The login's place in the unit's logins across hub nodes; 0 on a single hub or when it could not be stored.
    private final java.util.concurrent.CompletableFuture<Long> epoch = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean listening;
    private volatile MqttQoS grantedQos = MqttQoS.AT_LEAST_ONCE;
    private int lastPacketId;

    DeviceSession(String deviceId, String remote, String credential) {
        this.deviceId = deviceId;
        this.remote = remote;
        this.credential = credential;
    }

    /** What the unit proved at login (its secret's hash then): checked against the registry's at each message. */
    String credential() {
        return credential;
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

    /** The login's epoch, once the hub knows it. */
    java.util.concurrent.CompletableFuture<Long> epoch() {
        return epoch;
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
