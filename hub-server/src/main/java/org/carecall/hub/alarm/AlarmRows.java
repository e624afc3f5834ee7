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
                alarms.add(new Alarm(rows.getString(1), rows.getString(2), AlarmKind.valueOf(rows.getString(3)),
                        rows.getString(4), AlarmState.valueOf(rows.getString(5)),
                        Instant.ofEpochMilli(rows.getLong(6)), Instant.ofEpochMilli(rows.getLong(7)),
                        rows.getLong(8), rows.getInt(9) == 1, rows.getInt(10),
                        Instant.ofEpochMilli(rows.getLong(11)), rows.getString(12),
                        Instant.ofEpochMilli(rows.getLong(13)),
                        new Alarm.Handling(instant(rows, 14), instant(rows, 15), rows.getString(16),
                                rows.getString(17), instant(rows, 18), instant(rows, 19), rows.getString(20),
                                rows.getInt(21), instant(rows, 22), instant(rows, 24)), rows.getString(23)));
            }
        }
        return alarms;
    }
}
