package org.carecall.hub.device;

import org.carecall.protocol.message.DeviceConfig;

/**
 * Who answers, for one unit, what its two everyday keys are set to: the check-in part answers the green
 * 平安 key ({@link CheckIns}), the work-order part the service key ({@link ServiceKeys}). Their answers go
 * into every {@code down/config} the unit is sent ({@link UnitConfigs}); a key nobody answers for is off,
 * so a unit never sends a kind this hub cannot store.
 *
 * <p>Asked of each answer: it comes from memory, at once and without waiting on the store (it is asked
 * on the caller's thread whenever a unit's configuration is written), and it is the same answer each
 * time until the owner tells {@link UnitConfigs#keysChanged} that it changed.
 */
public final class UnitKeys {

    private UnitKeys() {
    }

    /** The unit's check-in as the unit should know it: enabled with its deadline, or {@link DeviceConfig.CheckIn#OFF}. */
    @FunctionalInterface
    public interface CheckIns {
        DeviceConfig.CheckIn checkIn(String deviceId);
    }

    /** Whether this hub serves the unit's service key (opens a work order for a press). */
    @FunctionalInterface
    public interface ServiceKeys {
        boolean served(String deviceId);
    }

    /** Until the check-in part answers: no unit has a check-in. */
    public static final CheckIns NO_CHECK_IN = deviceId -> DeviceConfig.CheckIn.OFF;

    /** Until the work-order part answers: no unit's service key is served. */
    public static final ServiceKeys NO_SERVICE_KEY = deviceId -> false;
}
