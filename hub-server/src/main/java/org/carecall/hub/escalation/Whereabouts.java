package org.carecall.hub.escalation;

import java.util.Optional;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreException;

/** Where a call comes from: the grid of the resident its unit serves. A read, nothing more. */
@FunctionalInterface
public interface Whereabouts {
    /** The resident's grid; empty for a unit not bound to anyone (or a resident without a grid). */
    Optional<Area> gridOf(Alarm call) throws StoreException;

    /** The unit's resident, then her grid, as the registry and the files have them now. */
    static Whereabouts of(DeviceRegistry devices, Community community) {
        return call -> {
            String residentId = devices.find(call.deviceId()).map(device -> device.residentId()).orElse(null);
            if (residentId == null) {
                return Optional.empty();
            }
            var resident = community.resident(residentId);
            return resident.isEmpty() ? Optional.empty() : community.area(resident.get().areaId());
        };
    }
}
