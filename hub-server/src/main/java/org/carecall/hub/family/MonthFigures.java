package org.carecall.hub.family;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.Visit;
import org.carecall.hub.checkin.CheckInDay;
import org.carecall.hub.checkin.CheckIns;
import org.carecall.hub.community.Resident;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrders;

/**
 * A resident's month as the monthly summary tells it, read from the tables' owners, days counted in her
 * community's time zone: check-in days kept (closed on time) and missed (listed on Today, closed late or
 * never), the days of the visits that found her (a corrected visit counts once, as corrected), and her
 * requests (work orders) reported and done in the month.
 */
record MonthFigures(YearMonth month, int checkInsKept, int checkInsMissed, List<LocalDate> visits, int ordersOpened,
                    int ordersDone) {

    /** The stores a month is read from. */
    record Stores(CheckIns checkIns, CareRounds rounds, WorkOrders orders) {
    }

    static MonthFigures read(Stores stores, Resident resident, ZoneId zone, YearMonth month) throws StoreException {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        int kept = 0;
        int missed = 0;
        for (CheckInDay day : stores.checkIns().days(resident.id(), month.atDay(1), month.atEndOfMonth())) {
            if (day.missed()) {
                missed++;
            } else if (!day.open()) {
                kept++;
            }
        }
        List<Visit> visits = stores.rounds().visits(resident.id());
        Set<String> replaced = new HashSet<>();
        visits.forEach(visit -> {
            if (visit.replaces() != null) {
                replaced.add(visit.replaces());
            }
        });
        List<LocalDate> seen = visits.stream().filter(visit -> !replaced.contains(visit.id()) && visit.seen()
                        && within(visit.visitedAt(), from, to))
                .map(visit -> LocalDate.ofInstant(visit.visitedAt(), zone)).sorted().toList();
        int opened = 0;
        int done = 0;
        for (WorkOrders.Listed listed : stores.orders().list(new WorkOrders.Filter(List.of(resident.areaId()), null,
                resident.id(), null, false))) {
            WorkOrder order = listed.order();
            opened += within(order.reportedAt(), from, to) ? 1 : 0;
            done += within(order.doneAt(), from, to) ? 1 : 0;
        }
        return new MonthFigures(month, kept, missed, seen, opened, done);
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }
}
