package org.carecall.hub.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreException;

/**
 * Homes as the community's files, the care policies and the unit registry have them. Which unit serves whom
 * is looked up in an index made again at most once a second, so a sweep over thousands of plans is not
 * thousands of passes over the registry.
 */
public final class CommunityHomes implements Homes {
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final Community community;
    private final CarePolicies policies;
    private final DeviceRegistry devices;
    private final Clock clock;
    private volatile Map<String, String> unitOf = Map.of();
    private volatile Instant indexedAt = Instant.EPOCH;

    public CommunityHomes(Community community, CarePolicies policies, DeviceRegistry devices, Clock clock) {
        this.community = community;
        this.policies = policies;
        this.devices = devices;
        this.clock = clock;
    }

    @Override
    public Optional<Home> of(String residentId) throws StoreException {
        Optional<Resident> resident = community.resident(residentId).filter(found -> !found.archived());
        if (resident.isEmpty()) {
            return Optional.empty();
        }
        Optional<Site> site = community.area(resident.get().areaId()).map(Area::siteId).flatMap(community::site);
        if (site.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Home(residentId, resident.get().name(), site.get().timezone(),
                policies.forSite(site.get().id()).checkIn(), units().get(residentId)));
    }

    @Override
    public Optional<String> residentOf(String deviceId) {
        return devices.find(deviceId).filter(device -> !device.revoked()).map(Device::residentId);
    }

    private Map<String, String> units() {
        Instant now = clock.instant();
        if (Duration.between(indexedAt, now).abs().compareTo(FRESH) > 0) {
            Map<String, String> index = new HashMap<>();
            for (Device device : devices.all()) {
                if (!device.revoked() && device.residentId() != null) {
                    index.put(device.residentId(), device.id());
                }
            }
            unitOf = index;
            indexedAt = now;
        }
        return unitOf;
    }
}
