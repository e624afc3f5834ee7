package org.carecall.hub.workorders;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.report.ResponseTimes;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * A community's work orders in one month (its days in the community's time zone), per grid and for all of
 * them. Guarantees: each order counts in the month each of its moves fell in: opened (reported), taken
 * (assigned), done, cancelled; time to take is reported to assigned, time to finish reported to done, both in
 * hours (the clock's, not working hours), p50 and p90 by nearest rank, null when none; an order done in the
 * month counts as followed up on time when its follow-up came within {@code followUpHours} of being done.
 * Every grid of the community is listed, with zeros when it had none. The same counts per category (every
 * known category listed, zeros included, then any other a newer node wrote), with the median hours to done.
 */
public final class WorkOrderReport {
    private final Database database;
    private final Community community;

    public WorkOrderReport(Database database, Community community) {
        this.database = database;
        this.community = community;
    }

    /** Hours at the 50th and 90th percentile, to a tenth; null when nothing was measured. */
    public record Hours(int count, Double p50, Double p90) {
    }

    /** One grid's figures (the community's own row has areaId "ALL"). */
    public record Figures(String areaId, String grid, int opened, int done, int cancelled, Hours toTake,
                          Hours toFinish, int followedUpOnTime, double followedUpShare) {
    }

    /** One category's figures: the median (p50 by nearest rank) of reported to done, null when none was done. */
    public record CategoryFigures(String category, int opened, int done, int cancelled, Double medianHoursToDone,
                                  int followedUpOnTime, double followedUpShare) {
    }

    /** The month: {@code followUpHours} as the policy says, each grid by name, all of them, each category. */
    public record Month(int followUpHours, List<Figures> grids, Figures all, List<CategoryFigures> categories) {
    }

    /** What one grid's orders did in the month, while it is counted. */
    private static final class Tally {
        int opened;
        int done;
        int cancelled;
        int followedUpOnTime;
        final List<Double> toTake = new ArrayList<>();
        final List<Double> toFinish = new ArrayList<>();

        /** Counts one order's moves that fell in [from, to) (times in epoch milliseconds, null when not made). */
        void count(long from, long to, long onTime, long reportedAt, Long assignedAt, Long doneAt, Long followedUpAt,
                   Long cancelledAt) {
            if (reportedAt >= from && reportedAt < to) {
                opened++;
            }
            if (assignedAt != null && assignedAt >= from && assignedAt < to) {
                toTake.add((assignedAt - reportedAt) / 3_600_000.0);
            }
            if (doneAt != null && doneAt >= from && doneAt < to) {
                done++;
                toFinish.add((doneAt - reportedAt) / 3_600_000.0);
                if (followedUpAt != null && followedUpAt - doneAt <= onTime) {
                    followedUpOnTime++;
                }
            }
            if (cancelledAt != null && cancelledAt >= from && cancelledAt < to) {
                cancelled++;
            }
        }

        void add(Tally other) {
            opened += other.opened;
            done += other.done;
            cancelled += other.cancelled;
            followedUpOnTime += other.followedUpOnTime;
            toTake.addAll(other.toTake);
            toFinish.addAll(other.toFinish);
        }

        Figures figures(String areaId, String grid) {
            return new Figures(areaId, grid, opened, done, cancelled, hours(toTake), hours(toFinish), followedUpOnTime,
                    share());
        }

        CategoryFigures category(String category) {
            return new CategoryFigures(category, opened, done, cancelled, hours(toFinish).p50(), followedUpOnTime, share());
        }

        private double share() {
            return done == 0 ? 0 : Math.round(1000.0 * followedUpOnTime / done) / 1000.0;
        }
    }

    public Month month(Site site, YearMonth month, int followUpHours) throws StoreException {
        long from = month.atDay(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atDay(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        long onTime = Duration.ofHours(followUpHours).toMillis();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Area area : community.areas()) {
            if (area.siteId().equals(site.id())) {
                names.put(area.id(), area.name());
                tallies.put(area.id(), new Tally());
            }
        }
        Map<String, Tally> categories = new LinkedHashMap<>();
        WorkOrder.CATEGORIES.forEach(category -> categories.put(category, new Tally()));
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT r.area_id, o.reported_at, o.assigned_at,"
                    + " o.done_at, o.followed_up_at, o.cancelled_at, o.category"
                    + " FROM work_order o JOIN resident r ON r.id = o.resident_id"
                    + " WHERE r.area_id IN (SELECT id FROM area WHERE site_id = ?) AND ((o.reported_at >= ? AND o.reported_at < ?)"
                    + " OR (o.assigned_at >= ? AND o.assigned_at < ?) OR (o.done_at >= ? AND o.done_at < ?)"
                    + " OR (o.cancelled_at >= ? AND o.cancelled_at < ?))")) {
                query.setString(1, site.id());
                for (int i = 0; i < 4; i++) {
                    query.setLong(2 + 2 * i, from);
                    query.setLong(3 + 2 * i, to);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Tally grid = tallies.computeIfAbsent(rows.getString(1), area -> new Tally());
                        Tally category = categories.computeIfAbsent(rows.getString(7), named -> new Tally());
                        long reported = rows.getLong(2);
                        Long assigned = at(rows, 3);
                        Long done = at(rows, 4);
                        Long followedUp = at(rows, 5);
                        Long cancelled = at(rows, 6);
                        for (Tally tally : List.of(grid, category)) {
                            tally.count(from, to, onTime, reported, assigned, done, followedUp, cancelled);
                        }
                    }
                }
            }
            return null;
        });
        List<Figures> grids = new ArrayList<>();
        Tally all = new Tally();
        tallies.forEach((areaId, tally) -> {
            grids.add(tally.figures(areaId, names.getOrDefault(areaId, areaId)));
            all.add(tally);
        });
        List<CategoryFigures> byCategory = new ArrayList<>();
        categories.forEach((category, tally) -> byCategory.add(tally.category(category)));
        return new Month(followUpHours, grids, all.figures("ALL", null), byCategory);
    }

    private static Long at(ResultSet rows, int column) throws java.sql.SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static Hours hours(List<Double> measured) {
        if (measured.isEmpty()) {
            return new Hours(0, null, null);
        }
        List<Double> sorted = measured.stream().sorted().toList();
        return new Hours(sorted.size(), tenth(ResponseTimes.percentile(sorted, 50)),
                tenth(ResponseTimes.percentile(sorted, 90)));
    }

    private static double tenth(double hours) {
        return Math.round(hours * 10) / 10.0;
    }

    /**
     * The figures as CSV rows after the visits' (a blank line between), one row a grid and one for all; then,
     * after another blank line, one row a category.
     */
    public static String csv(Site site, YearMonth month, Month report) {
        StringBuilder csv = new StringBuilder("\r\ncommunity,month,grid,orders opened,done,cancelled,"
                + "hours to take p50,hours to take p90,hours to finish p50,hours to finish p90,followed up within "
                + report.followUpHours() + " h,share followed up on time\r\n");
        List<Figures> rows = new ArrayList<>(report.grids());
        rows.add(report.all());
        for (Figures figures : rows) {
            csv.append(String.join(",", quoted(site.name()), month.toString(),
                    figures.grid() == null ? "合计 all" : quoted(figures.grid()), String.valueOf(figures.opened()),
                    String.valueOf(figures.done()), String.valueOf(figures.cancelled()), text(figures.toTake().p50()),
                    text(figures.toTake().p90()), text(figures.toFinish().p50()), text(figures.toFinish().p90()),
                    String.valueOf(figures.followedUpOnTime()), String.valueOf(figures.followedUpShare()))).append("\r\n");
        }
        csv.append("\r\ncommunity,month,category,orders opened,done,cancelled,median hours to done,followed up within "
                + report.followUpHours() + " h,share followed up on time\r\n");
        for (CategoryFigures figures : report.categories()) {
            csv.append(String.join(",", quoted(site.name()), month.toString(), quoted(figures.category()),
                    String.valueOf(figures.opened()), String.valueOf(figures.done()), String.valueOf(figures.cancelled()),
                    text(figures.medianHoursToDone()), String.valueOf(figures.followedUpOnTime()),
                    String.valueOf(figures.followedUpShare()))).append("\r\n");
        }
        return csv.toString();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String text(Double hours) {
        return hours == null ? "" : String.valueOf(hours);
    }
}
