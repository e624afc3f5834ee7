package org.carecall.hub.checkin;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the check-in asks of the units and of the call path: each a short hand-off, never a wait on a unit. */
public interface CheckInUnits {

    /** Whether the unit is online now (on any node), so that a spoken reminder reaches her. */
    boolean online(String deviceId);

    /** Asks the unit to speak the check-in reminder; completes when the command is stored. */
    CompletableFuture<?> remind(String deviceId);

    /**
     * Raises a CHECK_IN_MISSED call for her unit through the normal alarm intake, under {@code callId}: raised
     * twice, it is one call. Completes with the call's id once stored.
     */
    CompletableFuture<String> ring(String deviceId, String callId, String note);

    /** Resolves the call raised for the day, with a note (she checked in after all); a closed call stays as it is. */
    CompletableFuture<?> closeCall(String alarmId, String note);

    /** The last motion the hub heard of from the unit: a hint beside an open day, never a close. */
    Optional<Instant> lastActivity(String deviceId);
}
