package org.carecall.hub.device;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.carecall.protocol.message.DeviceConfig;

/**
 * The one way a unit's {@code down/config} is changed: the behaviour settings staff set ({@link #configure})
 * and what its everyday keys are set to, as the parts that own them answer ({@link UnitKeys}), plugged in
 * while the hub is wired ({@link #answerCheckIn}, {@link #answerServiceKey}).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>every version written carries the keys as answered at that moment; a key nobody answers for is
 *       off, whatever the settings handed in said;</li>
 *   <li>{@link #keysChanged} writes a new version (the next number, as any change) only when the answer
 *       differs from the unit's current config, and is a no-op otherwise, so an owner may call it freely;</li>
 *   <li>a written version is sent to the unit at once if it is connected (through whichever node holds
 *       it), and otherwise after its next hello, as any config;</li>
 *   <li>the changes of one unit are written one after the other, so two at once cannot take one number.</li>
 * </ul>
 */
public final class UnitConfigs {
    private final DeviceRegistry devices;
    private final DeviceLink link;
    private final Map<String, CompletableFuture<DeviceConfig>> inTurn = new ConcurrentHashMap<>();
    private volatile UnitKeys.CheckIns checkIns = UnitKeys.NO_CHECK_IN;
    private volatile UnitKeys.ServiceKeys serviceKeys = UnitKeys.NO_SERVICE_KEY;

    public UnitConfigs(DeviceRegistry devices, DeviceLink link) {
        this.devices = devices;
        this.link = link;
    }

    /** The check-in part answers for the green key from now on (once, while the hub is wired). */
    public void answerCheckIn(UnitKeys.CheckIns answer) {
        this.checkIns = Objects.requireNonNull(answer, "answer");
    }

    /** The work-order part answers for the service key from now on (once, while the hub is wired). */
    public void answerServiceKey(UnitKeys.ServiceKeys answer) {
        this.serviceKeys = Objects.requireNonNull(answer, "answer");
    }

    /** Stores new behaviour settings for a unit, with its keys as answered now, and sends them at once. */
    public CompletableFuture<DeviceConfig> configure(String deviceId, DeviceConfig settings) {
        devices.find(deviceId).orElseThrow(() -> new IllegalArgumentException("no device '" + deviceId + "'"));
        return inTurn(deviceId, () -> write(deviceId, withKeys(deviceId, settings)));
    }

    /**
     * The owner of a key's answer says it changed for this unit (a check-in plan set, a service key
     * served): a new version is written and sent if the unit's config does not already say so.
     * Completes with the unit's config as it now stands.
     */
    public CompletableFuture<DeviceConfig> keysChanged(String deviceId) {
        devices.find(deviceId).orElseThrow(() -> new IllegalArgumentException("no device '" + deviceId + "'"));
        return inTurn(deviceId, () -> {
            DeviceConfig now = devices.find(deviceId).orElseThrow().config();
            DeviceConfig next = withKeys(deviceId, now);
            return keysOf(next).equals(keysOf(now)) ? CompletableFuture.completedFuture(now) : write(deviceId, next);
        });
    }

    /** The settings with the unit's keys as answered now. */
    public DeviceConfig withKeys(String deviceId, DeviceConfig settings) {
        DeviceConfig.CheckIn checkIn = checkIns.checkIn(deviceId);
        boolean served = serviceKeys.served(deviceId);
        return settings.withKeys(checkIn == null ? DeviceConfig.CheckIn.OFF : checkIn,
                served ? new DeviceConfig.ServiceKey(true) : DeviceConfig.ServiceKey.OFF);
    }

    private CompletableFuture<DeviceConfig> write(String deviceId, DeviceConfig next) {
        return devices.updateConfig(deviceId, next).thenApply(stored -> {
            link.send(deviceId, stored);
            return stored;
        });
    }

    /** An absent key and one that is off say the same to the unit. */
    private static Map<String, Object> keysOf(DeviceConfig config) {
        return Map.of("checkIn", config.checkInEnabled() ? config.checkIn() : DeviceConfig.CheckIn.OFF,
                "serviceKey", config.serviceKeyEnabled());
    }

    private CompletableFuture<DeviceConfig> inTurn(String deviceId, Supplier<CompletableFuture<DeviceConfig>> write) {
        return inTurn.compute(deviceId, (id, before) -> (before == null
                ? CompletableFuture.<DeviceConfig>completedFuture(null)
                : before.exceptionally(failed -> null)).thenCompose(ignored -> write.get()));
    }
}
