package org.carecall.hub.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmClass;

/**
 * Who may see and change what, beyond their role: the one place every API route and the live stream ask.
 *
 * <p>Guarantees:
 * <ul>
 * <li>A member of staff reaches only their own community's (site's) residents, calls, units, staff, shifts,
 *     policies, reports and audit rows. Staff without a community reach no community's.</li>
 * <li>The district-wide administrator is an {@link Role#ADMIN} whose {@code siteId} is null (the first-start
 *     {@code admin} account is one); an administrator with a community is that community's only.</li>
 * <li>Health notes and medicines go to the duty staff of the resident's grid and to the supervisors and
 *     administrators of her community; anyone else who may open the file reads them only by breaking the
 *     glass, with a reason, which is audited. Technicians never read them, nor the birth date, phone,
 *     contacts or mobility: they get what fits a unit at the bedside (name, address, room).</li>
 * <li>A call is seen and taken by the staff of its community whose role may see its kind; once taken it is
 *     closed by its taker or by a supervisor or administrator of its community.</li>
 * <li>A unit placed with nobody yet, and its calls, belong to no community: every one whose role fits may see
 *     them, so a call is never lost for want of an owner, and they carry nothing of a resident's.</li>
 * </ul>
 * Refusals read as "not found" wherever a record of another community would otherwise be confirmed.
 */
public final class Scope {

    /** What the rules look up: kept to four questions so the rules can be checked with plain maps. */
    public interface Places {
        /** The community a grid belongs to; empty for an unknown grid. */
        Optional<String> siteOfArea(String areaId);

        /** The resident's grid; empty for an unknown resident. */
        Optional<String> areaOfResident(String residentId);

        /** The resident a unit is placed with; empty for an unknown unit or one placed with nobody. */
        Optional<String> residentOfDevice(String deviceId);

        /** The grids a member of staff works in; empty: every grid of their community. */
        List<String> gridsOf(String staffId);
    }

    private final Places places;

    public Scope(Places places) {
        this.places = places;
    }

    /** The hub's rules, reading the community, the units and the staff's grids it keeps in memory. */
    public static Scope of(Community community, DeviceRegistry devices, StaffDirectory staff) {
        return new Scope(new Places() {
            @Override
            public Optional<String> siteOfArea(String areaId) {
                try {
                    return areaId == null ? Optional.empty() : community.area(areaId).map(area -> area.siteId());
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Optional<String> areaOfResident(String residentId) {
                try {
                    return residentId == null ? Optional.empty() : community.resident(residentId).map(Resident::areaId);
                } catch (StoreException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Optional<String> residentOfDevice(String deviceId) {
                return devices.find(deviceId).map(Device::residentId);
            }

            @Override
            public List<String> gridsOf(String staffId) {
                return staff.grids(staffId);
            }
        });
    }

    // --- communities ---

    /** The district-wide administrator: every community's. */
    public static boolean districtWide(Staff who) {
        return who.role() == Role.ADMIN && who.siteId() == null;
    }

    /** Whether the person works for this community (or for every one). */
    public boolean inCommunity(Staff who, String siteId) {
        return districtWide(who) || siteId != null && siteId.equals(who.siteId());
    }

    /**
     * The community a list is filtered by for this person: null for the district-wide administrator (every
     * one), "" for someone of no community (none), else their own.
     */
    public static String siteFilter(Staff who) {
        return districtWide(who) ? null : who.siteId() == null ? "" : who.siteId();
    }

    /** Whether the person may see a grid: one of their community's. */
    public boolean maySeeArea(Staff who, String areaId) {
        return places.siteOfArea(areaId).map(site -> inCommunity(who, site)).orElse(false);
    }

    /** The site a resident's file belongs to, through her grid. */
    public Optional<String> siteOf(Resident resident) {
        return places.siteOfArea(resident.areaId());
    }

    /** The site a unit belongs to, through its resident; empty for a unit placed with nobody. */
    public Optional<String> siteOfDevice(String deviceId) {
        return places.residentOfDevice(deviceId).flatMap(places::areaOfResident).flatMap(places::siteOfArea);
    }

    // --- residents ---

    public boolean maySeeResident(Staff who, Resident resident) {
        return siteOf(resident).map(site -> inCommunity(who, site)).orElse(districtWide(who));
    }

    /**
     * Whether the person reads her health notes and medicines without breaking the glass: duty staff of her
     * grid, and the supervisors and administrators of her community (who also write the file).
     */
    public boolean mayReadHealth(Staff who, Resident resident) {
        if (who.role() == Role.TECHNICIAN || !maySeeResident(who, resident)) {
            return false;
        }
        return who.role() == Role.SUPERVISOR || who.role() == Role.ADMIN || worksInGrid(who, resident.areaId());
    }

    /** Whether the person may ask for her health notes by breaking the glass: anyone else who may open the file, but technicians. */
    public boolean mayBreakGlass(Staff who, Resident resident) {
        return who.role() != Role.TECHNICIAN && maySeeResident(who, resident);
    }

    /**
     * Visits and their tasks are health information: care staff of her community, and of the duty staff only
     * those who work in her grid. Technicians never.
     */
    public boolean mayVisit(Staff who, Resident resident) {
        if (who.role() == Role.TECHNICIAN || !maySeeResident(who, resident)) {
            return false;
        }
        return who.role() != Role.DUTY || worksInGrid(who, resident.areaId());
    }

    /** Birth date, her phone, contacts, mobility, risk and languages: for care staff, not technicians. */
    public static boolean mayReadPersonalDetails(Staff who) {
        return who.role() != Role.TECHNICIAN;
    }

    /** Whether a member of staff's grids include this one (no grids listed: all of their community's). */
    public boolean worksInGrid(Staff who, String areaId) {
        if (who.siteId() == null || !places.siteOfArea(areaId).map(who.siteId()::equals).orElse(false)) {
            return false;
        }
        List<String> grids = places.gridsOf(who.id());
        return grids.isEmpty() || grids.contains(areaId);
    }

    /**
     * Whether a writer may put a file into this grid, having it from {@code fromAreaId} (null: a new file):
     * moving a resident to another community needs rights in both.
     */
    public boolean mayPlaceResident(Staff who, String fromAreaId, String toAreaId) {
        return maySeeArea(who, toAreaId) && (fromAreaId == null || maySeeArea(who, fromAreaId));
    }

    // --- units ---

    /** A unit placed with a resident is her community's; one placed with nobody is anyone's whose role fits. */
    public boolean maySeeDevice(Staff who, String deviceId) {
        return siteOfDevice(deviceId).map(site -> inCommunity(who, site)).orElse(true);
    }

    // --- calls ---

    /** The one rule of who sees a call, for the API and the live stream alike. */
    public boolean maySeeCall(Staff who, Alarm alarm) {
        boolean kind = who.role() != Role.TECHNICIAN || alarm.kind().alarmClass() == AlarmClass.TECHNICAL;
        return kind && maySeeDevice(who, alarm.deviceId());
    }

    /**
     * Whether the person may arrive at or close a call someone has taken: its taker, or a supervisor or
     * administrator of its community.
     */
    public boolean mayCloseTaken(Staff who, Alarm alarm) {
        return Objects.equals(who.id(), alarm.handling().acknowledgedBy())
                || (who.role() == Role.SUPERVISOR || who.role() == Role.ADMIN) && maySeeCall(who, alarm);
    }

    // --- staff, shifts, policies ---

    /** Whether the person sees (or, with the role for it, changes) an account: one of their community's. */
    public boolean maySeeStaff(Staff who, Staff member) {
        return districtWide(who) || who.siteId() != null && who.siteId().equals(member.siteId());
    }

    /** Whether the person may give an account this community (null: district-wide, for the district's admin only). */
    public boolean mayAssignCommunity(Staff who, String siteId) {
        return districtWide(who) || siteId != null && siteId.equals(who.siteId());
    }

    /** Going on duty: only in one's own community, and in one of one's own grids when a grid is named. */
    public boolean mayGoOnDutyIn(Staff who, String areaId) {
        if (who.siteId() == null) {
            return false;
        }
        return areaId == null || worksInGrid(who, areaId);
    }
}
