package org.carecall.hub.checkin;

import java.time.ZoneId;
import java.util.Optional;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.store.StoreException;

/** Where a resident's check-in lives: her community's time zone and check-in times, and her unit. A read. */
public interface Homes {

    /** {@code deviceId} is null for a resident without a unit (staff still close her days). */
    record Home(String residentId, String name, ZoneId zone, CarePolicy.CheckIn times, String deviceId) {
    }

    /** Her home; empty for an archived file, or one whose grid belongs to no community. */
    Optional<Home> of(String residentId) throws StoreException;

    /** The resident a unit serves, if any. */
    Optional<String> residentOf(String deviceId);
}
