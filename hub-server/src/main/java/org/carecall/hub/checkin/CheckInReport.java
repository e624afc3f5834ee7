package org.carecall.hub.checkin;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;

/**
 * A community's 平安 check-ins in one month, per grid and for all: the days a check-in was expected (a day
 * made: the plan was on and she was not away), those closed on time (before the day counted as missed), those
 * missed (listed on Today, whether or not closed later), and the minutes from the deadline to the close, p50
 * and p90, over the days closed (a close before the deadline counts as 0).
 */
public final class CheckInReport {
    private final CheckIns checkIns;
    private final Community community;

    public CheckInReport(CheckIns checkIns, Community community) {
        this.checkIns = checkIns;
        this.community = community;
    }

    /** One grid's figures; the minutes are null when no day was closed. */
    public record Figures(String areaId, String grid, int expected, int onTime, int missed, Long minutesP50,
                          Long minutesP90) {
    }

    /** The figures by grid, in the community's order, then "ALL". */
    public List<Figures> month(Site site, YearMonth month) throws StoreException {
        Map<String, String> grids = new LinkedHashMap<>();
        for (Area area : community.areas()) {
            if (area.siteId().equals(site.id())) {
                grids.put(area.id(), area.name());
            }
        }
        Map<String, List<CheckInDay>> byGrid = new LinkedHashMap<>();
        grids.keySet().forEach(id -> byGrid.put(id, new ArrayList<>()));
        LocalDate from = month.atDay(1);
        for (CheckIns.Listed listed : checkIns.between(grids.keySet(), from, month.atEndOfMonth())) {
            byGrid.computeIfAbsent(listed.areaId(), id -> new ArrayList<>()).add(listed.day());
        }
        List<Figures> report = new ArrayList<>();
        List<CheckInDay> all = new ArrayList<>();
        byGrid.forEach((areaId, days) -> {
            report.add(figures(areaId, grids.get(areaId), days));
            all.addAll(days);
        });
        report.add(figures("ALL", null, all));
        return report;
    }

    static Figures figures(String areaId, String grid, List<CheckInDay> days) {
        int onTime = 0;
        int missed = 0;
        List<Long> minutes = new ArrayList<>();
        for (CheckInDay day : days) {
            if (day.missed()) {
                missed++;
            } else if (day.confirmed()) {
                onTime++;
            }
            if (day.closedAt() != null) {
                minutes.add(Math.max(0, Duration.between(day.deadlineAt(), day.closedAt()).toMinutes()));
            }
        }
        minutes.sort(null);
        return new Figures(areaId, grid, days.size(), onTime, missed, percentile(minutes, 50), percentile(minutes, 90));
    }

    /** The nearest-rank percentile of sorted values; null for none. */
    static Long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The figures as CSV rows after the visits' table: a heading row, then one row per grid. */
    public static String csv(Site site, YearMonth month, List<Figures> report) {
        StringBuilder csv = new StringBuilder("\r\n");
        csv.append("community,month,grid,check-ins expected,confirmed on time,missed,minutes to close p50,"
                + "minutes to close p90\r\n");
        for (Figures figures : report) {
            csv.append(String.join(",", "\"" + site.name().replace("\"", "\"\"") + "\"", month.toString(),
                    figures.grid() == null ? "ALL 合计" : "\"" + figures.grid().replace("\"", "\"\"") + "\"",
                    String.valueOf(figures.expected()), String.valueOf(figures.onTime()), String.valueOf(figures.missed()),
                    figures.minutesP50() == null ? "" : String.valueOf(figures.minutesP50()),
                    figures.minutesP90() == null ? "" : String.valueOf(figures.minutesP90()))).append("\r\n");
        }
        return csv.toString();
    }
}
