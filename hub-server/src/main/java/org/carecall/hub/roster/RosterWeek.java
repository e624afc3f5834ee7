package org.carecall.hub.roster;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreException;

/**
 * A community's week ahead, grid by grid: for every half hour, whether someone who answers care calls
 * (duty staff or a supervisor) will be on duty there, read from the roster as it stands now (a console's
 * on-duty toggle holds until changed, so it counts too). The gaps are what the roster screen shows red
 * before they happen.
 */
public final class RosterWeek {
    public static final int SLOTS_PER_DAY = 48;
    private static final Set<Role> CARE = EnumSet.of(Role.DUTY, Role.SUPERVISOR);

    /** One grid's day: the covered half hours, and the gaps as "from–to" stretches in the site's time. */
    public record Day(LocalDate date, boolean[] covered, List<String> gaps) {
    }

    private final DutyRoster roster;

    public RosterWeek(DutyRoster roster) {
        this.roster = roster;
    }

    /** Seven days from {@code first}, for each of the site's grids (by id, in the order given). */
    public Map<String, List<Day>> coverage(Site site, List<Area> grids, LocalDate first) throws StoreException {
        Map<String, List<Day>> byGrid = new LinkedHashMap<>();
        grids.forEach(grid -> byGrid.put(grid.id(), new ArrayList<>()));
        for (int d = 0; d < 7; d++) {
            LocalDate date = first.plusDays(d);
            Map<String, boolean[]> covered = new LinkedHashMap<>();
            grids.forEach(grid -> covered.put(grid.id(), new boolean[SLOTS_PER_DAY]));
            for (int slot = 0; slot < SLOTS_PER_DAY; slot++) {
                // The middle of each half hour: a shift that starts or ends on the half hour counts whole.
                ZonedDateTime at = date.atTime(LocalTime.MIN.plusMinutes(slot * 30L + 15)).atZone(site.timezone());
                List<DutyRoster.OnDuty> onDuty = roster.onDutyAt(at.toInstant()).stream()
                        .filter(duty -> CARE.contains(duty.staff().role())).toList();
                for (Area grid : grids) {
                    covered.get(grid.id())[slot] = onDuty.stream().anyMatch(duty -> duty.covers(grid));
                }
            }
            for (Area grid : grids) {
                boolean[] slots = covered.get(grid.id());
                byGrid.get(grid.id()).add(new Day(date, slots, gaps(slots)));
            }
        }
        return byGrid;
    }

    private static List<String> gaps(boolean[] covered) {
        List<String> gaps = new ArrayList<>();
        int start = -1;
        for (int slot = 0; slot <= SLOTS_PER_DAY; slot++) {
            boolean gap = slot < SLOTS_PER_DAY && !covered[slot];
            if (gap && start < 0) {
                start = slot;
            } else if (!gap && start >= 0) {
                gaps.add(time(start) + "–" + (slot == SLOTS_PER_DAY ? "24:00" : time(slot)));
                start = -1;
            }
        }
        return gaps;
    }

    private static String time(int slot) {
        return LocalTime.MIN.plusMinutes(slot * 30L).toString();
    }
}
