package org.carecall.hub;

import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.VisitSweep;
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
 * work orders, the resident's service key, the unit's voice for them and their timers (on the sweep's thread).
 */
public record Care(CarePolicies policies, CareRounds rounds, VisitSweep sweep, WorkOrders workOrders,
                   ServiceKey serviceKey, UnitVoice unitVoice, WorkOrderSweep workOrderSweep) {

    /** How often the work orders' timers look: a flag is due on the hour's scale, a minute late is nothing. */
    static final java.time.Duration ORDER_TIMERS = java.time.Duration.ofMinutes(1);

    /** The wing, made from the store and the parts it speaks through. */
    static Care of(Database database, java.time.Clock clock, Community community, DeviceRegistry devices,
                   DeviceCommands commands, AuditLog audit) {
        CarePolicies policies = new CarePolicies(database, clock);
        CareRounds rounds = new CareRounds(database, clock);
        WorkOrders orders = new WorkOrders(database, clock);
        UnitVoice voice = new UnitVoice(devices, commands);
        return new Care(policies, rounds, new VisitSweep(community, policies, rounds), orders,
                new ServiceKey(orders, devices, audit), voice,
                new WorkOrderSweep(orders, community, policies, voice, audit, clock));
    }

    /** Starts the visit sweep and, on its thread, the work orders' timers. */
    void start() {
        sweep.start();
        sweep.alsoRun("the work-order sweep", workOrderSweep::sweep, java.time.Duration.ofSeconds(30), ORDER_TIMERS);
    }
}
