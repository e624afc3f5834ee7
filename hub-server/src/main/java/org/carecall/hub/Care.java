package org.carecall.hub;

import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.VisitSweep;
import org.carecall.hub.checkin.DailyCheckIn;

/**
 * The everyday care's wing of a hub: each community's care policy, the visits and their tasks, the sweep,
 * and the daily 平安 check-in.
 */
public record Care(CarePolicies policies, CareRounds rounds, VisitSweep sweep, DailyCheckIn checkIns) {
}
