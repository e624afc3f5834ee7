package org.carecall.hub.alarm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/**
 * How a call is read from its row, and {@link AlarmStates}' sets as SQL, for the classes that own the alarm
 * tables: the sets are defined there and only rendered here, never written out.
 */
final class AlarmRows {
    private AlarmRows() {
    }

    static final String COLUMNS = "id, device_id, kind, source, state, raised_at, received_at, seq, test,"
            + " press_count, last_press_at, problem, updated_at, notified_at, acknowledged_at, acknowledged_by,"
            + " acknowledged_name, arrived_at, resolved_at, outcome, escalation_step, next_escalation_at, unit_alarm_id,"
            + " unreached_at";
    /** A unit's own call by the id the unit gave it: unique per unit, kept by the unique key (device_id, unit_alarm_id). */
    static final String UNITS_OWN = "WHERE device_id = ? AND unit_alarm_id = ?";
    /** {@link AlarmStates}' sets as SQL: the sets are defined there, never written out here. */
    static final String OPEN = stateIn("state", AlarmStates.OPEN);
    static final String WAITING = stateIn("a.state", AlarmStates.WAITING);
    /** What the board shows ({@link AlarmStates#onBoard}): open calls, and cancellations not yet confirmed. */
    static final String ON_BOARD = "(" + OPEN + " OR (" + stateIn("state", AlarmStates.TO_CONFIRM)
            + " AND resolved_at IS NULL))";
    /** State names for an IN list: enum names only, never caller text. */
    static String names(Set<AlarmState> states) {
        return states.stream().sorted().map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));
    }

    /** {@code column IN ('A', 'B')} for a set of states. */
    static String stateIn(String column, Set<AlarmState> states) {
        return column + " IN (" + names(states) + ")";
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static Optional<Alarm> select(Connection connection, String where, Object... args) throws SQLException {
        List<Alarm> alarms = selectAll(connection, where, args);
        return alarms.isEmpty() ? Optional.empty() : Optional.of(alarms.getFirst());
    }

    static List<Alarm> selectAll(Connection connection, String where, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm " + where)) {
            return rows(query, args);
        }
    }

    static List<Alarm> rows(PreparedStatement query, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            query.setObject(i + 1, args[i]);
        }
        List<Alarm> alarms = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                alarm(rows).ifPresent(alarms::add);
            }
        }
        return alarms;
    }

    /**
     * A call from its row. A kind a newer hub node wrote reads as {@link AlarmKind#UNKNOWN}, which still rings
     * as life-safety, with the stored word as its problem; a call in a state this node does not know is left
     * out (no list this node keeps could place it).
     */
    private static Optional<Alarm> alarm(ResultSet rows) throws SQLException {
        AlarmState state = StoredNames.read(AlarmState.class, rows.getString(5), null);
        if (state == null) {
            return Optional.empty();
        }
        String storedKind = rows.getString(3);
        AlarmKind kind = kind(storedKind);
        String problem = rows.getString(12);
        if (problem == null && !kind.name().equals(storedKind)) {
            problem = "kind " + storedKind + ", from a newer hub node";
        }
        return Optional.of(new Alarm(rows.getString(1), rows.getString(2), kind, rows.getString(4), state,
                Instant.ofEpochMilli(rows.getLong(6)), Instant.ofEpochMilli(rows.getLong(7)),
                rows.getLong(8), rows.getInt(9) == 1, rows.getInt(10),
                Instant.ofEpochMilli(rows.getLong(11)), problem,
                Instant.ofEpochMilli(rows.getLong(13)),
                new Alarm.Handling(instant(rows, 14), instant(rows, 15), rows.getString(16),
                        rows.getString(17), instant(rows, 18), instant(rows, 19), rows.getString(20),
                        rows.getInt(21), instant(rows, 22), instant(rows, 24)), rows.getString(23)));
    }

    /** A stored kind; one a newer node wrote is {@link AlarmKind#UNKNOWN}. */
    static AlarmKind kind(String stored) {
        return StoredNames.read(AlarmKind.class, stored, AlarmKind.UNKNOWN);
    }
}
