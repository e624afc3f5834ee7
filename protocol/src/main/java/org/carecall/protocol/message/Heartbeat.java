package org.carecall.protocol.message;

import java.time.Instant;
import java.util.Objects;
import org.carecall.protocol.Channel;
import org.carecall.protocol.PowerSource;

/**
 * {@code up/heartbeat}: the device's health at the interval the hub sets. Presence is judged from
 * these (and the connection), never from MQTT pings. Everything but the time and uptime is optional,
 * because not every board can measure everything.
 */
public record Heartbeat(Instant at, long uptimeS, String fw, Integer configVersion, Integer outbox,
                        PowerSource power, Integer batteryPct, Double cpuTempC, Integer wifiRssi,
                        Instant lastMotionAt) implements Message {

    public Heartbeat {
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Channel channel() {
        return Channel.HEARTBEAT;
    }

    static Heartbeat read(PayloadReader r) {
        Instant at = r.requireInstant("at");
        long uptimeS = r.requireLong("uptimeS", 0, Long.MAX_VALUE);
        String fw = r.optionalText("fw");
        Integer configVersion = r.optionalInt("configVersion", 0, Integer.MAX_VALUE);
        Integer outbox = r.optionalInt("outbox", 0, Integer.MAX_VALUE);
        PowerSource power = r.optionalEnum("power", PowerSource.class);
        Integer batteryPct = r.optionalInt("batteryPct", 0, 100);
        Double cpuTempC = r.optionalDouble("cpuTempC");
        Integer wifiRssi = r.optionalInt("wifiRssi", -150, 0);
        Instant lastMotionAt = r.optionalInstant("lastMotionAt");
        return r.build(() -> new Heartbeat(at, uptimeS, fw, configVersion, outbox, power, batteryPct, cpuTempC,
                wifiRssi, lastMotionAt));
    }
}
