package org.carecall.hub.escalation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.Staff;

/**
 * Escalation's read-only views of people for its rule tests, as plain values a test changes as it goes:
 * who works here and who is on duty ({@link Staffing}), and whose console is open ({@link OpenConsoles}).
 */
final class People implements Staffing, OpenConsoles {
    /** Who is on duty now, and where. */
    final List<DutyRoster.OnDuty> onDuty = new ArrayList<>();
    /** The staff ids with a console open. */
    final Set<String> open = new HashSet<>();
    /** Whether some open console may see any call (a care call unhandled rings every such console). */
    boolean anyConsoleMaySee;
    private final List<Staff> everyone;

    People(Staff... everyone) {
        this.everyone = List.of(everyone);
    }

    /** Nobody works here and no console is open. */
    static People nobody() {
        return new People();
    }

    @Override
    public List<DutyRoster.OnDuty> onDutyNow() {
        return onDuty;
    }

    @Override
    public List<Staff> everyone() {
        return everyone;
    }

    @Override
    public Optional<Staff> find(String staffId) {
        return everyone.stream().filter(member -> member.id().equals(staffId)).findFirst();
    }

    @Override
    public boolean anyOpenFor(Set<String> staffIds) {
        return staffIds.stream().anyMatch(open::contains);
    }

    @Override
    public boolean anyOpenThatMaySee(Alarm alarm) {
        return anyConsoleMaySee;
    }
}
