package org.carecall.hub.presence;

import java.time.Instant;
import org.carecall.protocol.PowerSource;

/**
 * A device's presence and health as last seen: online from the connection, last seen from messages
 * (never from MQTT pings), the rest from its hello and heartbeats. {@code clockSkewMs} is how far the
 * device's clock is ahead of the hub's (negative: behind), as of its last hello or heartbeat.
 */
public record DeviceStatus(String deviceId, boolean online, Instant lastSeenAt, String remote, String fw, String hw,
                           Integer configVersion, Integer outbox, PowerSource power, Integer batteryPct,
                           Double cpuTempC, Integer wifiRssi, Instant lastMotionAt, Long clockSkewMs) {

    static DeviceStatus unknown(String deviceId) {
        return new DeviceStatus(deviceId, false, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
