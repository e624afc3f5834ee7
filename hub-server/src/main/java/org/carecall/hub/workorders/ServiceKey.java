package org.carecall.hub.workorders;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.UnitConfigs;
import org.carecall.hub.inbox.KeyPresses;
import org.carecall.protocol.message.DeviceEvent;

/**
 * The resident's service key: a press opens a work order for her (source KEY), or counts on her key's order
 * while it is still REPORTED. The future completes once that is committed, so the unit says "received" only
 * then; a resend of the same press (same unit, same event id) has no second effect. A unit placed with nobody
 * has no one to open an order for: the press is audited and acknowledged (the unit stops resending), no order.
 *
 * <p>Which units' keys are served ({@link #served}): every unit placed with a resident and not revoked, the
 * units whose press opens an order. The answer comes from the registry's memory; a unit made or placed is told
 * its new config at once, and at start every placed unit whose stored config says otherwise is told.
 */
public final class ServiceKey implements KeyPresses.Key {
    private final WorkOrders orders;
    private final DeviceRegistry devices;
    private final AuditLog audit;

    public ServiceKey(WorkOrders orders, DeviceRegistry devices, AuditLog audit) {
        this.orders = orders;
        this.devices = devices;
        this.audit = audit;
    }

    /** Whether a press on this unit opens an order: placed with a resident, not revoked. From memory. */
    public boolean served(String deviceId) {
        return devices.find(deviceId).filter(unit -> !unit.revoked() && unit.residentId() != null).isPresent();
    }

    /**
     * Answers for the service key in every unit's config from now on, and keeps the configs true to it: a unit
     * made or placed is told on {@code background} (never on the store writer's thread), and so, once, is each
     * unit whose stored config disagrees now (units placed before this hub served the key).
     */
    public void serve(UnitConfigs configs, Executor background) {
        configs.answerServiceKey(this::served);
        devices.onPlaced(deviceId -> background.execute(() -> configs.keysChanged(deviceId)));
        background.execute(() -> devices.all().stream()
                .filter(unit -> !unit.revoked() && unit.config().serviceKeyEnabled() != served(unit.id()))
                .forEach(unit -> configs.keysChanged(unit.id())));
    }

    @Override
    public CompletableFuture<Void> pressed(String deviceId, DeviceEvent press, String origin) {
        String residentId = devices.find(deviceId).map(Device::residentId).orElse(null);
        if (residentId == null) {
            audit.record("service-key.no-resident", deviceId, origin, "service key pressed (event " + press.id()
                    + ") on a unit placed with nobody: no work order");
            return CompletableFuture.completedFuture(null);
        }
        // Keyed by the unit too: one unit's event id never stands for another's press.
        return orders.press(deviceId + "/" + press.id(), deviceId, residentId).thenApply(done -> null);
    }
}
