package org.carecall.hub.workorders;

import java.util.concurrent.CompletableFuture;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.inbox.KeyPresses;
import org.carecall.protocol.message.DeviceEvent;

/**
 * The resident's service key: a press opens a work order for her (source KEY), or counts on her key's order
 * while it is still REPORTED. The future completes once that is committed, so the unit says "received" only
 * then; a resend of the same press (same unit, same event id) has no second effect. A unit placed with nobody
 * has no one to open an order for: the press is audited and acknowledged (the unit stops resending), no order.
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
