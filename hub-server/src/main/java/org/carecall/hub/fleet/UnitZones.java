package org.carecall.hub.fleet;

import java.time.ZoneId;
import java.util.Optional;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreException;

/**
 * The time zone a unit lives in: its resident's community's. A unit with no resident yet (just installed)
 * follows the hub's own zone, which is the community's in a one-community install.
 */
public final class UnitZones {
    private final DeviceRegistry devices;
    private final Community community;

    public UnitZones(DeviceRegistry devices, Community community) {
        this.devices = devices;
        this.community = community;
    }

    public ZoneId of(String deviceId) throws StoreException {
        String residentId = devices.find(deviceId).map(Device::residentId).orElse(null);
        Optional<Resident> resident = residentId == null ? Optional.empty() : community.resident(residentId);
        Optional<Area> area = resident.isEmpty() ? Optional.empty() : community.area(resident.get().areaId());
        return area.map(Area::siteId).flatMap(community::site).map(Site::timezone).orElse(ZoneId.systemDefault());
    }
}
