package org.carecall.hub.workorders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;

/**
 * The work orders' timers, run on the care sweep's thread: an order still REPORTED after its community's
 * {@code flagAfterWorkingHours} working hours is flagged to the supervisor (once, however many hub nodes sweep:
 * the flag is claimed in the store), and the evening before an agreed visit her unit is told who comes (once,
 * claimed the same way).
 */
public final class WorkOrderSweep {
    /** "The evening before": from this local time on the day before the visit. */
    public static final LocalTime EVENING = LocalTime.of(18, 0);

    private final WorkOrders orders;
    private final Community community;
    private final CarePolicies policies;
    private final UnitVoice voice;
    private final AuditLog audit;
    private final Clock clock;

    public WorkOrderSweep(WorkOrders orders, Community community, CarePolicies policies, UnitVoice voice,
                          AuditLog audit, Clock clock) {
        this.orders = orders;
        this.community = community;
        this.policies = policies;
        this.voice = voice;
        this.audit = audit;
        this.clock = clock;
    }

    /** One look at the waiting orders: how many this node flagged. */
    public int sweep() throws StoreException {
        Instant now = clock.instant();
        int flagged = 0;
        for (WorkOrders.Listed listed : orders.waiting()) {
            WorkOrder order = listed.order();
            Site site = community.area(listed.areaId()).map(Area::siteId).flatMap(community::site).orElse(null);
            if (site == null) {
                continue;
            }
            CarePolicy.WorkOrders policy = policies.forSite(site.id()).workOrders();
            if (order.state() == WorkOrderState.REPORTED && order.flaggedAt() == null
                    && !now.isBefore(flagAt(order, policy, site.timezone()))
                    && orders.flag(order.id(), "unassigned for " + policy.flagAfterWorkingHours() + " working hours").join()) {
                flagged++;
                audit.changed("hub", "work-order.flagged", null, null, "work order " + order.id() + " of resident "
                        + order.residentId() + " unassigned for " + policy.flagAfterWorkingHours() + " working hours");
            }
            if (order.appointmentAt() != null && order.state() != null && order.state().open()
                    && !now.isBefore(remindAt(order.appointmentAt(), site.timezone())) && now.isBefore(order.appointmentAt())
                    && orders.claimAppointmentReminder(order.id()).join()) {
                voice.appointment(order);
            }
        }
        return flagged;
    }

    /** When an unassigned order is flagged: its community's working hours after it was reported. */
    public static Instant flagAt(WorkOrder order, CarePolicy.WorkOrders policy, ZoneId zone) {
        return policy.workingHours().after(order.reportedAt(), policy.flagAfterWorkingHours(), zone);
    }

    /** The evening before the visit's day, in the community's time zone. */
    public static Instant remindAt(Instant appointmentAt, ZoneId zone) {
        return appointmentAt.atZone(zone).toLocalDate().minusDays(1).atTime(EVENING).atZone(zone).toInstant();
    }
}
