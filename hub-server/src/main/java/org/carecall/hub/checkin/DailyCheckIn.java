package org.carecall.hub.checkin;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.carecall.hub.device.UnitConfigs;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * The daily 平安 check-in's parts, as the care wing holds them: the store, the desk that closes days (the
 * green key's handler among them), the ladder's sweep, where a resident's check-in lives, and what her
 * unit's config says of the green key.
 */
public record DailyCheckIn(CheckIns store, CheckInDesk desk, CheckInSweep sweep, Homes homes, CheckInUnits units,
                           CheckInKeys keys) {

    /**
     * Wires the parts ({@code family} decides who of her family is told at the ladder's family step); the unit
     * configs ask {@link CheckInKeys} for the green key from now on.
     */
    public static DailyCheckIn wire(Database database, Clock clock, Homes homes, CheckInUnits units,
                                    UnitConfigs configs, FamilyStep family, Executor background) throws StoreException {
        CheckIns store = new CheckIns(database, clock);
        CheckInDesk desk = new CheckInDesk(store, homes, units, clock, background);
        CheckInKeys keys = new CheckInKeys(homes, store.enabledPlans());
        keys.tellUnitsThrough(configs::keysChanged);
        configs.answerCheckIn(keys);
        return new DailyCheckIn(store, desk, new CheckInSweep(store, homes, units, desk, keys, family, clock), homes,
                units, keys);
    }

    /** Stores her plan; completes once her unit's config says the same (or she has no unit). */
    public CompletableFuture<CheckInPlan> savePlan(CheckInPlan plan) {
        return store.savePlan(plan).thenCompose(saved -> {
            try {
                return keys.planChanged(saved).handle((config, failure) -> saved);
            } catch (StoreException failure) {
                return CompletableFuture.completedFuture(saved); // kept; her unit hears it at its next config write
            }
        });
    }
}
