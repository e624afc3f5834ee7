package org.carecall.hub.workorders;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * A community's work orders in one month (its days in the community's time zone), per category: opened (reported
 * in the month), done (finished in the month), the median hours from reported to done of those, and how many of
 * them were followed up within {@code followUpHours} of being done, with that share (1.0: all of them).
 */
public final class WorkOrderReport {
    private final Database database;

    public WorkOrderReport(Database database) {
        this.database = database;
    }

    /** One category's figures; {@code medianHoursToDone} is null when none was done. */
    public record Figures(int opened, int done, Double medianHoursToDone, int followedUpInTime, double followedUpShare) {
    }

    /** The figures by category (the known ones first, then any other written by a newer node, then "ALL"). */
    public Map<String, Figures> month(Site site, YearMonth month, int followUpHours) throws StoreException {
        long from = month.atDay(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atDay(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        long inTime = Duration.ofHours(followUpHours).toMillis();
        Map<String, int[]> counts = new LinkedHashMap<>(); // opened, done, followed up in time
        Map<String, List<Long>> toDone = new LinkedHashMap<>();
        WorkOrder.CATEGORIES.forEach(category -> {
            counts.put(category, new int[3]);
            toDone.put(category, new ArrayList<>());
        });
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT o.category, o.reported_at, o.done_at,"
                    + " o.followed_up_at FROM work_order o JOIN resident r ON r.id = o.resident_id WHERE"
                    + " r.area_id IN (SELECT id FROM area WHERE site_id = ?) AND ((o.reported_at >= ? AND o.reported_at < ?)"
                    + " OR (o.done_at >= ? AND o.done_at < ?))")) {
                query.setString(1, site.id());
                query.setLong(2, from);
                query.setLong(3, to);
                query.setLong(4, from);
                query.setLong(5, to);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String category = rows.getString(1);
                        int[] figures = counts.computeIfAbsent(category, other -> new int[3]);
                        long reported = rows.getLong(2);
                        long done = rows.getLong(3);
                        boolean wasDone = !rows.wasNull();
                        long followedUp = rows.getLong(4);
                        boolean wasFollowedUp = !rows.wasNull();
                        if (reported >= from && reported < to) {
                            figures[0]++;
                        }
                        if (wasDone && done >= from && done < to) {
                            figures[1]++;
                            toDone.computeIfAbsent(category, other -> new ArrayList<>()).add(done - reported);
                            if (wasFollowedUp && followedUp - done <= inTime) {
                                figures[2]++;
                            }
                        }
                    }
                }
            }
            return null;
        });
        Map<String, Figures> report = new LinkedHashMap<>();
        int[] all = new int[3];
        List<Long> allToDone = new ArrayList<>();
        counts.forEach((category, figures) -> {
            report.put(category, figures(figures, toDone.getOrDefault(category, List.of())));
            for (int i = 0; i < all.length; i++) {
                all[i] += figures[i];
            }
            allToDone.addAll(toDone.getOrDefault(category, List.of()));
        });
        report.put("ALL", figures(all, allToDone));
        return report;
    }

    private static Figures figures(int[] counts, List<Long> toDone) {
        return new Figures(counts[0], counts[1], medianHours(toDone), counts[2],
                counts[1] == 0 ? 0 : Math.round(1000.0 * counts[2] / counts[1]) / 1000.0);
    }

    /** The median of some durations in hours, to a tenth; null for none. */
    static Double medianHours(List<Long> millis) {
        if (millis.isEmpty()) {
            return null;
        }
        List<Long> sorted = millis.stream().sorted().toList();
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
        return Math.round(median / 360_000.0) / 10.0;
    }

    /** The figures as CSV rows after the visits' (a line between), the categories' Chinese beside them. */
    public static String csv(Site site, YearMonth month, int followUpHours, Map<String, Figures> report) {
        StringBuilder csv = new StringBuilder("\r\ncommunity,month,category,category (zh),opened,done,median hours to done,"
                + "followed up within " + followUpHours + " h,share followed up\r\n");
        report.forEach((category, figures) -> csv.append(String.join(",", "\"" + site.name().replace("\"", "\"\"") + "\"",
                month.toString(), category, WORDS.getOrDefault(category, category), String.valueOf(figures.opened()),
                String.valueOf(figures.done()), figures.medianHoursToDone() == null ? ""
                        : String.valueOf(figures.medianHoursToDone()), String.valueOf(figures.followedUpInTime()),
                String.valueOf(figures.followedUpShare()))).append("\r\n"));
        return csv.toString();
    }

    private static final Map<String, String> WORDS = Map.of("REPAIR", "维修", "MEAL", "助餐送餐", "ERRAND", "跑腿代购",
            "MEDICAL", "就医上门", "CLEANING", "保洁", "OTHER", "其他", "ALL", "合计");
}
