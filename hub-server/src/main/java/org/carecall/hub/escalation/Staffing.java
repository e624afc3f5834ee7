package org.carecall.hub.escalation;

import java.util.List;
import java.util.Optional;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;

/** Who works here and who is on duty now, as escalation reads them. Reads only. */
public interface Staffing {
    /** Who is on duty now, in roster order. */
    List<DutyRoster.OnDuty> onDutyNow() throws StoreException;

    /** Every member of staff, disabled ones too. */
    List<Staff> everyone();

    Optional<Staff> find(String staffId);

    /** A member's name as the timeline shows it; the id for someone no longer known. */
    default String nameOf(String staffId) {
        return find(staffId).map(Staff::displayName).orElse(staffId);
    }

    static Staffing of(DutyRoster roster, StaffDirectory staff) {
        return new Staffing() {
            @Override
            public List<DutyRoster.OnDuty> onDutyNow() throws StoreException {
                return roster.onDutyNow();
            }

            @Override
            public List<Staff> everyone() {
                return staff.all();
            }

            @Override
            public Optional<Staff> find(String staffId) {
                return staff.find(staffId);
            }
        };
    }
}
