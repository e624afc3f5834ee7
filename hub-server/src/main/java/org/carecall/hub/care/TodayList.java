package org.carecall.hub.care;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;

/**
 * The visits due today and overdue for some grids, most urgent first ({@link VisitRules#MOST_URGENT_FIRST}),
 * each day counted in its community's time zone, with what the visitor needs: name, address, room, phone.
 */
public final class TodayList {
    private final Community community;
    private final CarePolicies policies;
    private final CareRounds rounds;

    public TodayList(Community community, CarePolicies policies, CareRounds rounds) {
        this.community = community;
        this.policies = policies;
        this.rounds = rounds;
    }

    /** One visit to make. {@code tier} and {@code kind} are as stored, so a newer node's words pass through. */
    public record Item(String taskId, String residentId, String name, String tier, String kind, Instant dueAt,
                       int daysOverdue, String address, String room, String phone, String areaId, String gridName,
                       VisitRules.Urgency urgency) {
    }

    public List<Item> visits(List<Area> grids, Instant now) throws StoreException {
        Map<String, List<Area>> bySite = new LinkedHashMap<>();
        grids.forEach(grid -> bySite.computeIfAbsent(grid.siteId(), site -> new ArrayList<>()).add(grid));
        List<Item> items = new ArrayList<>();
        for (var entry : bySite.entrySet()) {
            Site site = community.site(entry.getKey()).orElse(null);
            if (site == null) {
                continue;
            }
            CarePolicy policy = policies.forSite(site.id());
            Map<String, String> names = new LinkedHashMap<>();
            entry.getValue().forEach(grid -> names.put(grid.id(), grid.name()));
            for (CareRounds.DueTask due : rounds.dueBefore(names.keySet(), VisitRules.endOfToday(now, site.timezone()))) {
                RiskLevel tier = StoredNames.read(RiskLevel.class, due.tier(), null); // a newer node's: null
                int overdue = VisitRules.daysOverdue(due.task().dueAt(), now, site.timezone());
                items.add(new Item(due.task().id(), due.task().residentId(), due.name(), due.tier(), due.task().kind(),
                        due.task().dueAt(), overdue, due.address(), due.room(), due.phone(), due.areaId(),
                        names.get(due.areaId()), new VisitRules.Urgency(overdue,
                        VisitRules.rhythmDays(due.task().kind(), tier, policy), tier, due.task().dueAt(), due.name())));
            }
        }
        items.sort((a, b) -> VisitRules.MOST_URGENT_FIRST.compare(a.urgency(), b.urgency()));
        return items;
    }
}
