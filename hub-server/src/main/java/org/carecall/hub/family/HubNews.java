package org.carecall.hub.family;

import java.time.Clock;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.checkin.CheckIns;
import org.carecall.hub.community.Community;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.workorders.WorkOrders;

/**
 * What the hub tells a family by itself, signed by her grid worker: a missed check-in at the ladder's
 * family step, the monthly summary on the 1st, and a resolved call where the community turned that on.
 */
public record HubNews(MissedCheckInNews missedCheckIns, MonthlySummaries monthly, ResolvedCallNews resolvedCalls)
        implements AutoCloseable {

    /** The stores a summary's month is read from. */
    public record Month(CheckIns checkIns, CareRounds rounds, WorkOrders orders) {
    }

    public static HubNews of(FamilyNews news, Community community, StaffDirectory staff, Month month,
                             ResolvedCallNews.Calls calls, CarePolicies policies, Clock clock) {
        GridWorkers workers = new GridWorkers(community, staff);
        return new HubNews(new MissedCheckInNews(news, community, workers),
                new MonthlySummaries(news, community, workers,
                        new MonthFigures.Stores(month.checkIns(), month.rounds(), month.orders()), clock),
                new ResolvedCallNews(news, calls, community, policies, workers, clock));
    }

    /** Starts the sweeps (the check-in's step runs on the check-in's own sweep). */
    public void start() {
        monthly.start();
        resolvedCalls.start();
    }

    @Override
    public void close() {
        monthly.close();
        resolvedCalls.close();
    }
}
