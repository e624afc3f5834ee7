package org.carecall.hub;

import java.time.Clock;
import java.time.Duration;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.VisitSweep;
import org.carecall.hub.checkin.DailyCheckIn;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.Database;
import org.carecall.hub.workorders.ServiceKey;
import org.carecall.hub.workorders.UnitVoice;
import org.carecall.hub.workorders.WorkOrderSweep;
import org.carecall.hub.workorders.WorkOrders;

/**
 * The everyday care's wing of a hub: each community's care policy, the visits and their tasks, the sweep;
 * the daily 平安 check-in; work orders, the resident's service key, the unit's voice for them and their
 * timers (on the visit sweep's thread).
 */
public record Care(CarePolicies policies, CareRounds rounds, VisitSweep sweep, DailyCheckIn checkIns,
                   WorkOrders workOrders, ServiceKey serviceKey, UnitVoice unitVoice, WorkOrderSweep workOrderSweep) {

    /** How often the work orders' timers look: a flag is due on the hour's scale, a minute late is nothing. */
    static final Duration ORDER_TIMERS = Duration.ofMinutes(1);

    /** The wing, from the store, the policies and check-in wired before it, and the parts it speaks through. */
    static Care of(Database database, Clock clock, CarePolicies policies, DailyCheckIn checkIns, Community community,
                   DeviceRegistry devices, DeviceCommands commands, AuditLog audit) {
        CareRounds rounds = new CareRounds(database, clock);
        WorkOrders orders = new WorkOrders(database, clock);
        UnitVoice voice = new UnitVoice(devices, commands);
        return new Care(policies, rounds, new VisitSweep(community, policies, rounds), checkIns, orders,
                new ServiceKey(orders, devices, audit), voice,
                new WorkOrderSweep(orders, community, policies, voice, audit, clock));
    }

    /** Starts the visit sweep (and, on its thread, the work orders' timers) and the check-in's sweep. */
    void start() {
        sweep.start();
        sweep.alsoRun(workOrderSweep::sweep, Duration.ofSeconds(30), ORDER_TIMERS);
        checkIns.sweep().start();
    }
}
