package org.carecall.hub.alarm;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.protocol.AlarmState;

/**
 * Durable storage of calls. The embedded hub keeps them in SQLite; a clustered deployment would put
 * PostgreSQL behind this same interface.
 *
 * <p>Guarantees: {@link #record} completes only after the outcome is committed; an id is stored at most
 * once, whether it arrives once or a hundred times, in one group commit or across restarts.
 */
public interface AlarmStore {

    /** Stores a new call, counts a repeat press on an open one, or recognises a resend. */
    CompletableFuture<Recorded> record(NewAlarm report);

    /**
     * Moves an open alarm to a new state and writes the timeline row; completes with the updated alarm,
     * or empty when the alarm is unknown, belongs to another device (when {@code deviceId} is given), or
     * is already closed.
     */
    CompletableFuture<Optional<Alarm>> transition(String alarmId, String deviceId, AlarmState to, TimelineEntry entry);

    Optional<Alarm> find(String alarmId) throws SQLException;

    /** A device's calls that are not resolved or cancelled, oldest first. */
    List<Alarm> openAlarmsOf(String deviceId) throws SQLException;

    /** Every call not resolved or cancelled, oldest first. */
    List<Alarm> openAlarms() throws SQLException;

    List<TimelineEntry> timeline(String alarmId) throws SQLException;

    /** How many calls are stored with this id (0 or 1 when all is well): for checks and tests. */
    int countById(String alarmId) throws SQLException;

    /** One row of an alarm's story: what happened, who did it, when and from where. */
    record TimelineEntry(Instant at, String action, String actor, String origin, String note) {
    }
}
