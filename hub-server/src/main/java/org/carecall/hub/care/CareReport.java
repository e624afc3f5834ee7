package org.carecall.hub.care;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * A community's home visits in one month, per tier, the month and its days in the community's time zone:
 * the residents (files open and made before the month ended), the visit tasks that fell due in the month
 * (superseded ones left out), done on or before their due day, done later, or missed (not done and their day
 * passed; those still to come are {@code pending}), the residents found at home at least once in the month,
 * and the rate: those over the residents, the national monthly-visit measure (1.0 is the 100 % asked for).
 */
public final class CareReport {
    private final Database database;
    private final Clock clock;

    public CareReport(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** One tier's figures, or all tiers' together. */
    public record Figures(int residents, int due, int onTime, int late, int missed, int pending,
                          int visitedAtLeastOnce, double rate) {
        static Figures of(int residents, int due, int onTime, int late, int missed, int pending, int visited) {
            return new Figures(residents, due, onTime, late, missed, pending, visited,
                    residents == 0 ? 0 : Math.round(1000.0 * visited / residents) / 1000.0);
        }
    }

    /** The figures by tier (HIGH, MEDIUM, LOW, then "ALL"). */
    public Map<String, Figures> month(Site site, YearMonth month) throws StoreException {
        Instant from = month.atDay(1).atStartOfDay(site.timezone()).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(site.timezone()).toInstant();
        Instant today = VisitRules.startOf(VisitRules.day(clock.instant(), site.timezone()), site.timezone());
        Map<String, int[]> counts = new LinkedHashMap<>(); // residents, due, onTime, late, missed, pending, visited
        for (RiskLevel tier : RiskLevel.values()) {
            counts.put(tier.name(), new int[7]);
        }
        String ofSite = " r.archived_at IS NULL AND r.area_id IN (SELECT id FROM area WHERE site_id = ?)";
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT r.risk_level, COUNT(*) FROM resident r"
                    + " WHERE r.created_at < ? AND" + ofSite + " GROUP BY r.risk_level")) {
                query.setLong(1, to.toEpochMilli());
                query.setString(2, site.id());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        row(counts, rows.getString(1))[0] += rows.getInt(2);
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT r.risk_level, t.state, t.due_at, t.done_at"
                    + " FROM visit_task t JOIN resident r ON r.id = t.resident_id WHERE t.due_at >= ? AND t.due_at < ?"
                    + " AND t.state <> 'SUPERSEDED' AND" + ofSite)) {
                query.setLong(1, from.toEpochMilli());
                query.setLong(2, to.toEpochMilli());
                query.setString(3, site.id());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        int[] tier = row(counts, rows.getString(1));
                        Instant due = Instant.ofEpochMilli(rows.getLong(3));
                        long done = rows.getLong(4);
                        boolean fulfilled = !rows.wasNull() && "DONE".equals(rows.getString(2));
                        tier[1]++;
                        if (fulfilled) {
                            tier[VisitRules.daysOverdue(due, Instant.ofEpochMilli(done), site.timezone()) == 0 ? 2 : 3]++;
                        } else {
                            tier[due.isBefore(today) ? 4 : 5]++;
                        }
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT r.risk_level, COUNT(DISTINCT v.resident_id)"
                    + " FROM visit v JOIN resident r ON r.id = v.resident_id WHERE v.outcome = 'SEEN' AND v.visited_at >= ?"
                    + " AND v.visited_at < ? AND NOT EXISTS (SELECT 1 FROM visit c WHERE c.replaces_id = v.id) AND"
                    + ofSite + " GROUP BY r.risk_level")) {
                query.setLong(1, from.toEpochMilli());
                query.setLong(2, to.toEpochMilli());
                query.setString(3, site.id());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        row(counts, rows.getString(1))[6] += rows.getInt(2);
                    }
                }
            }
            return null;
        });
        Map<String, Figures> report = new LinkedHashMap<>();
        int[] all = new int[7];
        counts.forEach((tier, figures) -> {
            report.put(tier, Figures.of(figures[0], figures[1], figures[2], figures[3], figures[4], figures[5], figures[6]));
            for (int i = 0; i < all.length; i++) {
                all[i] += figures[i];
            }
        });
        report.put("ALL", Figures.of(all[0], all[1], all[2], all[3], all[4], all[5], all[6]));
        return report;
    }

    /** A tier's counters; a tier this node does not know (a newer node's) is counted on its own row. */
    private static int[] row(Map<String, int[]> counts, String tier) {
        return counts.computeIfAbsent(tier == null ? "UNKNOWN" : tier, unknown -> new int[7]);
    }

    /** The report as CSV, with a byte-order mark first so that spreadsheet programs read the Chinese. */
    public static String csv(Site site, YearMonth month, Map<String, Figures> report) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append("community,month,tier,tier (zh),residents,due,on time,late,missed,pending,visited at least once,rate\r\n");
        report.forEach((tier, figures) -> csv.append(String.join(",", quoted(site.name()), month.toString(), tier,
                WORDS.getOrDefault(tier, tier), String.valueOf(figures.residents()), String.valueOf(figures.due()),
                String.valueOf(figures.onTime()), String.valueOf(figures.late()), String.valueOf(figures.missed()),
                String.valueOf(figures.pending()), String.valueOf(figures.visitedAtLeastOnce()),
                String.valueOf(figures.rate()))).append("\r\n"));
        return csv.toString();
    }

    private static final Map<String, String> WORDS = Map.of("HIGH", "高风险", "MEDIUM", "重点", "LOW", "一般", "ALL", "合计");

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
