package org.carecall.hub.presence;

import java.time.Instant;
import org.carecall.protocol.PowerSource;

/**
 * A device's presence and health as last seen: online from the connection, last seen from messages
 * (never from MQTT pings), the rest from its hello and heartbeats.
 */
public record DeviceStatus(String deviceId, boolean online, Instant lastSeenAt, String remote, String fw, String hw,
                           Integer configVersion, Integer outbox, PowerSource power, Integer batteryPct,
                           Double cpuTempC, Integer wifiRssi, Instant lastMotionAt) {

    static DeviceStatus unknown(String deviceId) {
        return new DeviceStatus(deviceId, false, null, null, null, null, null, null, null, null, null, null, null);
    }
}
