package org.carecall.hub.family;

import java.time.Clock;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.checkin.CheckIns;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceRegistry;
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
                             DeviceRegistry devices, CarePolicies policies, Clock clock) {
        GridWorkers workers = new GridWorkers(community, staff);
        return new HubNews(new MissedCheckInNews(news, community, workers),
                new MonthlySummaries(news, community, workers,
                        new MonthFigures.Stores(month.checkIns(), month.rounds(), month.orders()), clock),
                new ResolvedCallNews(news, devices, community, policies, workers));
    }

    /**
     * Starts the monthly sweep; the check-in's family step runs on the check-in's own sweep, and a resolved
     * call's news is stored by its resolution.
     */
    public void start() {
        monthly.start();
    }

    @Override
    public void close() {
        monthly.close();
    }
}
