package org.carecall.hub.workorders;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;

/**
 * The work orders on someone's Today, read from the store each time (another node's change shows at the next
 * look): the open orders of her grids (a duty worker's: those waiting to be taken and her own; a supervisor's:
 * all), flagged ones first, then those with a visit agreed for today, then the oldest; and the follow-up calls
 * (回访) of orders done, due {@code followUpHours} after done, overdue marked, until recorded.
 */
public final class WorkOrderToday {
    private final WorkOrders orders;
    private final Community community;
    private final CarePolicies policies;
    private final Clock clock;

    public WorkOrderToday(WorkOrders orders, Community community, CarePolicies policies, Clock clock) {
        this.orders = orders;
        this.community = community;
        this.policies = policies;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** An open order on the list; {@code appointmentToday}: a visit agreed for today in her community's time. */
    public record Open(WorkOrders.Listed listed, boolean appointmentToday) {
    }

    /** A follow-up call to make: due at {@code dueAt}, overdue once that has passed. */
    public record FollowUp(WorkOrders.Listed listed, Instant dueAt, boolean overdue) {
    }

    public record Lists(List<Open> open, List<FollowUp> followUps) {
    }

    /** The lists for these grids; {@code staffId} non-null keeps to what waits to be taken and that person's own. */
    public Lists lists(List<Area> grids, String staffId) throws StoreException {
        Instant now = clock.instant();
        Map<String, ZoneId> zones = new HashMap<>();
        Map<String, Integer> followUpHours = new HashMap<>();
        for (Area grid : grids) {
            Site site = community.site(grid.siteId()).orElse(null);
            zones.put(grid.id(), site == null ? ZoneId.of("UTC") : site.timezone());
            followUpHours.put(grid.id(), policies.forSite(grid.siteId()).workOrders().followUpHours());
        }
        List<Open> open = new ArrayList<>();
        List<FollowUp> followUps = new ArrayList<>();
        for (WorkOrders.Listed listed : orders.list(new WorkOrders.Filter(zones.keySet(), null, null, null, true))) {
            WorkOrder order = listed.order();
            boolean theirs = staffId == null || staffId.equals(order.assigneeId());
            if (order.state() == WorkOrderState.DONE && theirs) {
                Instant due = order.followUpDue(followUpHours.get(listed.areaId()));
                followUps.add(new FollowUp(listed, due, now.isAfter(due)));
            } else if (order.state() != null && order.state().open()
                    && (theirs || order.state() == WorkOrderState.REPORTED)) {
                ZoneId zone = zones.get(listed.areaId());
                open.add(new Open(listed, order.appointmentAt() != null && order.appointmentAt().atZone(zone)
                        .toLocalDate().equals(now.atZone(zone).toLocalDate())));
            }
        }
        open.sort(Comparator.<Open, Boolean>comparing(item -> item.listed().order().flaggedAt() == null)
                .thenComparing(item -> !item.appointmentToday())
                .thenComparing(item -> item.listed().order().reportedAt()));
        followUps.sort(Comparator.comparing(FollowUp::dueAt));
        return new Lists(open, followUps);
    }

    /** An open order as Today shows it. */
    public static Map<String, Object> view(Open item) {
        WorkOrder order = item.listed().order();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id());
        view.put("residentId", order.residentId());
        view.put("name", item.listed().name());
        view.put("areaId", item.listed().areaId());
        view.put("category", order.category());
        view.put("note", order.note());
        view.put("source", order.source());
        view.put("state", WorkOrderState.shown(order.state()));
        view.put("reportedAt", order.reportedAt().toString());
        view.put("appointmentAt", order.appointmentAt() == null ? null : order.appointmentAt().toString());
        view.put("appointmentToday", item.appointmentToday());
        view.put("flagged", order.flaggedAt() != null);
        view.put("pressCount", order.pressCount());
        view.put("assigneeId", order.assigneeId());
        view.put("assigneeName", order.assigneeName());
        return view;
    }

    /** A follow-up call as Today shows it. */
    public static Map<String, Object> view(FollowUp item) {
        WorkOrder order = item.listed().order();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id());
        view.put("residentId", order.residentId());
        view.put("name", item.listed().name());
        view.put("category", order.category());
        view.put("outcome", order.outcome());
        view.put("doneAt", order.doneAt().toString());
        view.put("dueAt", item.dueAt().toString());
        view.put("overdue", item.overdue());
        view.put("assigneeName", order.assigneeName());
        return view;
    }
}
