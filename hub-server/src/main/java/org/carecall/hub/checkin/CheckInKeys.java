package org.carecall.hub.checkin;

import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.carecall.hub.device.UnitKeys;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.message.DeviceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The green 平安 key as her unit's config should carry it: enabled with her deadline while her plan is on,
 * off otherwise. An away period leaves the key on (a press then closes nothing and harms nothing), so the
 * config does not change at every away day's edge.
 *
 * <p>Guarantees: {@link #checkIn} answers from memory (the unit's config is written on callers' threads);
 * a plan saved on this node reaches her unit's config at once ({@link #planChanged}); a plan saved on another
 * node sharing the store, and a unit given to or taken from a resident with a plan, reach the units at this
 * node's next sweep ({@link #refresh}); the first sweep after a start looks at every planned unit (a no-op
 * where its config already says so), so plans made before an upgrade reach their units too. A sweep that
 * read the store just before a plan was saved here may hide that plan until the next sweep, which tells
 * the unit again: the answer is at most one sweep behind the store.
 */
public final class CheckInKeys implements UnitKeys.CheckIns {
    private static final Logger log = LoggerFactory.getLogger(CheckInKeys.class);

    private final Homes homes;
    /** Deadlines of the plans that are on, by resident. */
    private volatile Map<String, LocalTime> deadlines;
    /** The unit each planned resident's plan was last told to: a unit given or taken away is told again. */
    private volatile Map<String, String> units = Map.of();
    private volatile boolean checkedAll;
    private volatile Function<String, CompletableFuture<?>> keysChanged = deviceId -> CompletableFuture.completedFuture(null);

    public CheckInKeys(Homes homes, Map<String, CheckInPlan> enabledPlans) {
        this.homes = homes;
        this.deadlines = deadlinesOf(enabledPlans);
    }

    /** Where to say that a unit's answer changed ({@code UnitConfigs.keysChanged}); once, while wiring. */
    public void tellUnitsThrough(Function<String, CompletableFuture<?>> keysChanged) {
        this.keysChanged = keysChanged;
    }

    @Override
    public DeviceConfig.CheckIn checkIn(String deviceId) {
        return homes.residentOf(deviceId).map(deadlines::get).map(deadline -> new DeviceConfig.CheckIn(true, deadline))
                .orElse(DeviceConfig.CheckIn.OFF);
    }

    /** Her plan was saved here: her unit's config follows. Completes when it is written (or there is no unit). */
    public synchronized CompletableFuture<?> planChanged(CheckInPlan plan) throws StoreException {
        Map<String, LocalTime> next = new HashMap<>(deadlines);
        if (plan.enabled()) {
            next.put(plan.residentId(), plan.deadline());
        } else {
            next.remove(plan.residentId());
        }
        deadlines = Map.copyOf(next);
        String unit = homes.of(plan.residentId()).map(Homes.Home::deviceId).orElse(null);
        String before = remember(plan.residentId(), plan.enabled() ? unit : null);
        if (before != null && !before.equals(unit)) {
            tell(before); // her old unit's key goes off
        }
        return unit == null ? CompletableFuture.completedFuture(null) : tell(unit);
    }

    /**
     * The plans as the store has them now (from the sweep): the units of residents whose plan changed, and
     * units given to or taken from a resident with a plan, follow.
     */
    public synchronized void refresh(Map<String, CheckInPlan> enabledPlans) throws StoreException {
        Map<String, LocalTime> before = deadlines;
        Map<String, String> unitsBefore = units;
        Map<String, LocalTime> now = deadlinesOf(enabledPlans);
        Map<String, String> unitsNow = new HashMap<>();
        for (String resident : now.keySet()) {
            homes.of(resident).map(Homes.Home::deviceId).ifPresent(unit -> unitsNow.put(resident, unit));
        }
        deadlines = now;
        units = Map.copyOf(unitsNow);
        Set<String> toTell = new HashSet<>(checkedAll ? Set.of() : unitsNow.values());
        checkedAll = true;
        Set<String> residents = new HashSet<>(before.keySet());
        residents.addAll(now.keySet());
        for (String resident : residents) {
            if (!Objects.equals(before.get(resident), now.get(resident))
                    || !Objects.equals(unitsBefore.get(resident), unitsNow.get(resident))) {
                addIfPresent(toTell, unitsBefore.get(resident));
                addIfPresent(toTell, unitsNow.get(resident));
            }
        }
        for (String unit : toTell) {
            tell(unit);
        }
    }

    private String remember(String residentId, String unit) {
        Map<String, String> next = new HashMap<>(units);
        String before = unit == null ? next.remove(residentId) : next.put(residentId, unit);
        units = Map.copyOf(next);
        return before;
    }

    private static void addIfPresent(Set<String> units, String unit) {
        if (unit != null) {
            units.add(unit);
        }
    }

    private CompletableFuture<?> tell(String deviceId) {
        return keysChanged.apply(deviceId).whenComplete((config, failure) -> {
            if (failure != null) {
                log.warn("the check-in key of unit {} is not yet in its config: {}", deviceId, failure.toString());
            }
        });
    }

    private static Map<String, LocalTime> deadlinesOf(Map<String, CheckInPlan> enabledPlans) {
        Map<String, LocalTime> found = new HashMap<>();
        enabledPlans.forEach((resident, plan) -> found.put(resident, plan.deadline()));
        return Map.copyOf(found);
    }
}
