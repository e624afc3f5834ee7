package org.carecall.hub.roster;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.MessageIds;

/**
 * Who is on duty, and where. The roster's weekly and one-off shifts are read in each site's time zone
 * (so a change to or from summer time moves nobody's shift); an OFF day cancels that day's weekly shifts;
 * going on or off duty from the console wins over the roster until changed again.
 */
public final class DutyRoster {

    /** A member of staff on duty now, in one area or (areaId null) for the whole site. */
    public record OnDuty(Staff staff, String siteId, String areaId) {
        public boolean covers(Area area) {
            return siteId != null && siteId.equals(area.siteId()) && (areaId == null || areaId.equals(area.id()));
        }
    }

    /** A console toggle: on or off duty since a time, optionally for one area. */
    public record Toggle(String staffId, boolean onDuty, String areaId, Instant since) {
    }

    private final Database database;
    private final StaffDirectory staff;
    private final Community community;
    private final Clock clock;

    private Snapshot cached;

    public DutyRoster(Database database, StaffDirectory staff, Community community, Clock clock) {
        this.database = database;
        this.staff = staff;
        this.community = community;
        this.clock = clock;
    }

    public Shift addShift(Shift shift) {
        Shift stored = new Shift(MessageIds.next(), shift.staffId(), shift.areaId(), shift.kind(), shift.weekday(),
                shift.onDate(), shift.starts(), shift.ends());
        write("INSERT INTO shift (id, staff_id, area_id, kind, weekday, on_date, starts, ends) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                stored.id(), stored.staffId(), stored.areaId(), stored.kind().name(),
                stored.weekday() == null ? null : stored.weekday().getValue(),
                stored.onDate() == null ? null : stored.onDate().toString(), stored.starts().toString(), stored.ends().toString());
        return stored;
    }

    /** Changes a shift in place (same id). */
    public boolean replaceShift(Shift shift) {
        return write("UPDATE shift SET staff_id = ?, area_id = ?, kind = ?, weekday = ?, on_date = ?, starts = ?, ends = ?"
                        + " WHERE id = ?", shift.staffId(), shift.areaId(), shift.kind().name(),
                shift.weekday() == null ? null : shift.weekday().getValue(),
                shift.onDate() == null ? null : shift.onDate().toString(), shift.starts().toString(),
                shift.ends().toString(), shift.id()) == 1;
    }

    public boolean removeShift(String id) {
        return write("DELETE FROM shift WHERE id = ?", id) == 1;
    }

    public List<Shift> shifts() throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, staff_id, area_id, kind, weekday, on_date, starts, ends FROM shift ORDER BY staff_id, kind");
                 ResultSet rows = query.executeQuery()) {
                List<Shift> shifts = new ArrayList<>();
                while (rows.next()) {
                    int weekday = rows.getInt(5);
                    DayOfWeek day = rows.wasNull() ? null : DayOfWeek.of(weekday);
                    String date = rows.getString(6);
                    Shift.Kind kind = StoredNames.read(Shift.Kind.class, rows.getString(4), null);
                    if (kind == null) {
                        continue; // a newer node's kind of shift: nobody is counted on duty by it here
                    }
                    shifts.add(new Shift(rows.getString(1), rows.getString(2), rows.getString(3), kind, day,
                            date == null ? null : LocalDate.parse(date), LocalTime.parse(rows.getString(7)),
                            LocalTime.parse(rows.getString(8))));
                }
                return shifts;
            }
        });
    }

    /** Going on or off duty from the console; it holds until the staff member changes it again. */
    public Toggle toggle(String staffId, boolean onDuty, String areaId) {
        Toggle toggle = new Toggle(staffId, onDuty, areaId, clock.instant());
        write("INSERT INTO duty_toggle (staff_id, on_duty, area_id, since) VALUES (?, ?, ?, ?) ON CONFLICT (staff_id)"
                        + " DO UPDATE SET on_duty = excluded.on_duty, area_id = excluded.area_id, since = excluded.since",
                staffId, onDuty ? 1 : 0, areaId, toggle.since().toEpochMilli());
        return toggle;
    }

    /** Hands the roster back: forgets the console toggle. */
    public void clearToggle(String staffId) {
        write("DELETE FROM duty_toggle WHERE staff_id = ?", staffId);
    }

    /** The community's grids with nobody of the care staff (duty workers, supervisors) on duty now. */
    public long gridsWithoutDuty() throws StoreException {
        List<OnDuty> care = onDutyNow().stream().filter(duty -> duty.staff().role() == Role.DUTY
                || duty.staff().role() == Role.SUPERVISOR).toList();
        return community.areas().stream().filter(area -> care.stream().noneMatch(duty -> duty.covers(area))).count();
    }

    /** Everyone on duty at this moment. */
    public List<OnDuty> onDutyNow() throws StoreException {
        return onDutyAt(clock.instant());
    }

    public List<OnDuty> onDutyAt(Instant at) throws StoreException {
        Snapshot roster = snapshot();
        Map<String, Toggle> toggles = roster.toggles();
        Map<String, List<Shift>> shiftsByStaff = roster.shiftsByStaff();
        Map<String, Optional<Site>> sites = new HashMap<>();
        List<OnDuty> onDuty = new ArrayList<>();
        for (Staff member : staff.all()) {
            if (member.disabled() || member.siteId() == null) {
                continue;
            }
            Optional<Site> site = sites.computeIfAbsent(member.siteId(), community::site);
            if (site.isEmpty()) {
                continue;
            }
            Toggle toggle = toggles.get(member.id());
            if (toggle != null) {
                if (toggle.onDuty()) {
                    areasOf(member, toggle.areaId()).forEach(area -> onDuty.add(new OnDuty(member, member.siteId(), area)));
                }
                continue;
            }
            ZonedDateTime local = at.atZone(site.get().timezone());
            for (Shift shift : shiftsByStaff.getOrDefault(member.id(), List.of())) {
                if (onShift(shift, shiftsByStaff.get(member.id()), local.toLocalDate(), local.toLocalTime())) {
                    areasOf(member, shift.areaId()).forEach(area -> onDuty.add(new OnDuty(member, member.siteId(), area)));
                }
            }
        }
        return onDuty.stream().distinct().toList();
    }

    /**
     * The grids a stretch of duty covers: the one it names; else the grids the person works in; else
     * (a list holding null) the whole community.
     */
    private List<String> areasOf(Staff member, String areaId) {
        if (areaId != null) {
            return List.of(areaId);
        }
        List<String> grids = staff.grids(member.id());
        return grids.isEmpty() ? java.util.Collections.singletonList(null) : grids;
    }

    private static boolean onShift(Shift shift, List<Shift> all, LocalDate today, LocalTime time) {
        if (shift.kind() == Shift.Kind.OFF) {
            return false;
        }
        for (LocalDate day : List.of(today, today.minusDays(1))) {
            boolean off = shift.kind() == Shift.Kind.WEEKLY && all.stream()
                    .anyMatch(other -> other.kind() == Shift.Kind.OFF && other.onDate().equals(day));
            if (!off && shift.heldOn(day) && shift.covers(day, today, time)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Toggle> toggles() throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT staff_id, on_duty, area_id, since FROM duty_toggle");
                 ResultSet rows = query.executeQuery()) {
                Map<String, Toggle> toggles = new HashMap<>();
                while (rows.next()) {
                    toggles.put(rows.getString(1), new Toggle(rows.getString(1), rows.getInt(2) == 1, rows.getString(3),
                            Instant.ofEpochMilli(rows.getLong(4))));
                }
                return toggles;
            }
        });
    }

    /**
     * Shifts and toggles as last read. Every call asks who is on duty, so they are kept in memory; every
     * change goes through {@link #write}, which drops the copy, so the next question reads them afresh.
     */
    private synchronized Snapshot snapshot() throws StoreException {
        Snapshot current = cached;
        if (current == null) {
            Map<String, List<Shift>> shiftsByStaff = new HashMap<>();
            for (Shift shift : shifts()) {
                shiftsByStaff.computeIfAbsent(shift.staffId(), id -> new ArrayList<>()).add(shift);
            }
            current = new Snapshot(toggles(), shiftsByStaff);
            cached = current;
        }
        return current;
    }

    private record Snapshot(Map<String, Toggle> toggles, Map<String, List<Shift>> shiftsByStaff) {
    }

    private int write(String sql, Object... args) {
        try {
            return database.writer().routine(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < args.length; i++) {
                        statement.setObject(i + 1, args[i]);
                    }
                    return statement.executeUpdate();
                }
            }).join();
        } finally {
            forget(); // after the commit, so a copy read before it cannot outlive it
        }
    }

    private synchronized void forget() {
        cached = null;
    }
}
