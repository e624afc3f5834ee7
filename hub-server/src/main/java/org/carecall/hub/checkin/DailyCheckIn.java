package org.carecall.hub.checkin;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.carecall.hub.store.Database;

/**
 * The daily 平安 check-in's parts, as the care wing holds them: the store, the desk that closes days (the
 * green key's handler among them), the ladder's sweep, and where a resident's check-in lives.
 */
public record DailyCheckIn(CheckIns store, CheckInDesk desk, CheckInSweep sweep, Homes homes, CheckInUnits units) {

    public static DailyCheckIn wire(Database database, Clock clock, Homes homes, CheckInUnits units, Executor background) {
        CheckIns store = new CheckIns(database, clock);
        CheckInDesk desk = new CheckInDesk(store, homes, units, clock, background);
        return new DailyCheckIn(store, desk, new CheckInSweep(store, homes, units, desk, clock), homes, units);
    }
}
