package org.carecall.hub.family;

import java.util.Comparator;
import java.util.Optional;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;

/**
 * Who signs what the hub sends by itself, and whom the family may call: her grid worker (a duty worker of
 * her community whose grids include hers; failing that, one who works the whole community), with the
 * community's name; and the community itself, for the days and times in its time zone.
 */
final class GridWorkers {
    private final Community community;
    private final StaffDirectory staff;

    GridWorkers(Community community, StaffDirectory staff) {
        this.community = community;
        this.staff = staff;
    }

    /** Her community; empty for a file whose grid belongs to none. */
    Optional<Site> siteOf(Resident resident) throws StoreException {
        return community.area(resident.areaId()).map(Area::siteId).flatMap(community::site);
    }

    /** The signature for her messages: her grid worker's name and phone (none known: only the community). */
    FamilyLetters.Signed signed(Resident resident, Site site) {
        Optional<Staff> worker = workerOf(resident, site);
        return new FamilyLetters.Signed(worker.map(Staff::displayName).orElse(null),
                worker.map(Staff::phone).orElse(null), site.name());
    }

    Optional<Staff> workerOf(Resident resident, Site site) {
        Comparator<Staff> byName = Comparator.comparing(Staff::displayName, Comparator.nullsLast(String::compareTo));
        var duty = staff.all().stream().filter(member -> member.role() == Role.DUTY && !member.disabled()
                && site.id().equals(member.siteId())).sorted(byName).toList();
        return duty.stream().filter(member -> staff.grids(member.id()).contains(resident.areaId())).findFirst()
                .or(() -> duty.stream().filter(member -> staff.grids(member.id()).isEmpty()).findFirst());
    }
}
