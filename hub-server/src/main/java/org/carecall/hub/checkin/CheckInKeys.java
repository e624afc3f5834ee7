package org.carecall.hub.checkin;

import java.time.LocalTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
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
 * node sharing the store reaches it at this node's next sweep ({@link #refresh}); the first sweep after a
 * start looks at every planned unit (a no-op where its config already says so), so plans made before an
 * upgrade reach their units too.
 */
public final class CheckInKeys implements UnitKeys.CheckIns {
    private static final Logger log = LoggerFactory.getLogger(CheckInKeys.class);

    private final Homes homes;
    /** Deadlines of the plans that are on, by resident. */
    private volatile Map<String, LocalTime> deadlines;
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
    public CompletableFuture<?> planChanged(CheckInPlan plan) throws StoreException {
        Map<String, LocalTime> next = new HashMap<>(deadlines);
        if (plan.enabled()) {
            next.put(plan.residentId(), plan.deadline());
        } else {
            next.remove(plan.residentId());
        }
        deadlines = Map.copyOf(next);
        return tell(plan.residentId());
    }

    /** The plans as the store has them now (from the sweep): the units of residents whose plan changed follow. */
    public void refresh(Map<String, CheckInPlan> enabledPlans) throws StoreException {
        Map<String, LocalTime> before = deadlines;
        Map<String, LocalTime> now = deadlinesOf(enabledPlans);
        deadlines = now;
        Set<String> changed = new HashSet<>(checkedAll ? Set.of() : now.keySet());
        checkedAll = true;
        before.forEach((resident, deadline) -> {
            if (!deadline.equals(now.get(resident))) {
                changed.add(resident);
            }
        });
        now.forEach((resident, deadline) -> {
            if (!deadline.equals(before.get(resident))) {
                changed.add(resident);
            }
        });
        for (String resident : changed) {
            tell(resident);
        }
    }

    private CompletableFuture<?> tell(String residentId) throws StoreException {
        Optional<String> unit = homes.of(residentId).map(Homes.Home::deviceId);
        if (unit.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return keysChanged.apply(unit.get()).whenComplete((config, failure) -> {
            if (failure != null) {
                log.warn("the check-in plan of {} is not yet in the config of unit {}: {}", residentId, unit.get(),
                        failure.toString());
            }
        });
    }

    private static Map<String, LocalTime> deadlinesOf(Map<String, CheckInPlan> enabledPlans) {
        Map<String, LocalTime> found = new HashMap<>();
        enabledPlans.forEach((resident, plan) -> found.put(resident, plan.deadline()));
        return Map.copyOf(found);
    }
}
