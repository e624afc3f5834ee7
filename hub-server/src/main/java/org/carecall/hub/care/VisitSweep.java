package org.carecall.hub.care;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every resident's next cadence task from her file and her community's care policy, now and then, on
 * a thread of its own (never the alarm path's, nor the hub's timers), a few residents per routine write so
 * that a call arriving meanwhile waits for one small commit at most. Each node may sweep: a task is made
 * once however many make it.
 */
public final class VisitSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VisitSweep.class);
    /** Residents planned per write: a small group keeps each routine commit short. */
    public static final int GROUP = 20;
    private static final int PAGE = 500;
    // Visit tasks are days apart: a file's new tier shows in the tasks within this, a visit's effect at once.
    private static final Duration FIRST = Duration.ofSeconds(20);
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final Community community;
    private final CarePolicies policies;
    private final CareRounds rounds;
    private final CareThread thread = new CareThread("care-visit-sweep");

    public VisitSweep(Community community, CarePolicies policies, CareRounds rounds) {
        this.community = community;
        this.policies = policies;
        this.rounds = rounds;
    }

    /** Sweeps 20 s after start, then every 10 minutes. */
    public void start() {
        start(FIRST, EVERY);
    }

    /** Sweeps after {@code first}, then every {@code every}. */
    public void start(Duration first, Duration every) {
        thread.start(this::sweep, first, every);
    }

    /**
     * Runs another care job on this sweep's thread (the work orders' timers), after {@code first} and then
     * every {@code every}: like the visits, never on the alarm path's threads nor the hub's timers.
     */
    public void alsoRun(CareThread.Sweep job, Duration first, Duration every) {
        thread.start(job, first, every);
    }

    /** One sweep over every community's residents: the tasks made. */
    public int sweep() throws StoreException {
        Map<String, Site> sites = new HashMap<>();
        community.sites().forEach(site -> sites.put(site.id(), site));
        Map<String, String> siteOfArea = new HashMap<>();
        for (Area area : community.areas()) {
            siteOfArea.put(area.id(), area.siteId());
        }
        int made = 0;
        List<CareRounds.Plan> group = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Resident> page = community.residents(Community.Search.all(), PAGE, offset);
            for (Resident resident : page) {
                Site site = sites.get(siteOfArea.get(resident.areaId()));
                if (site == null) {
                    continue;
                }
                group.add(new CareRounds.Plan(resident.id(), resident.riskLevel(), site.timezone(),
                        policies.forSite(site.id())));
                if (group.size() == GROUP) {
                    made += rounds.plan(List.copyOf(group)).join();
                    group.clear();
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!group.isEmpty()) {
            made += rounds.plan(group).join();
        }
        if (made > 0) {
            log.info("visit sweep: {} visit tasks made", made);
        }
        return made;
    }

    @Override
    public void close() {
        thread.close();
    }
}
