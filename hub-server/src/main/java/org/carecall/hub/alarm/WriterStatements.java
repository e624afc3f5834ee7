package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmRows.COLUMNS;
import static org.carecall.hub.alarm.AlarmRows.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;

/**
 * The alarm path's statements on the store writer's connection, each compiled once: reading a call inside
 * the writer's transaction and appending its timeline. Only the writer thread uses them.
 */
final class WriterStatements {
    private final Map<String, PreparedStatement> writerStatements = new HashMap<>();
    /** SQL text made once per shape (what a statement of several rows looks like), by the shape. */
    private final Map<Object, String> madeSql = new HashMap<>();

    private record Many(String head, int count) {
    }

    /** Timeline lines in one statement, in their order (the SQL is compiled once for each number of lines). */
    void appendTimeline(Connection connection, String alarmId, List<TimelineEntry> entries) throws SQLException {
        if (entries.size() == 1) {
            appendTimeline(connection, alarmId, entries.getFirst());
            return;
        }
        PreparedStatement insert = prepared(connection, manyRows("INSERT INTO alarm_timeline (alarm_id, at, action,"
                + " actor, origin, note) VALUES ", "(?, ?, ?, ?, ?, ?)", entries.size()));
        int i = 1;
        for (TimelineEntry entry : entries) {
            insert.setString(i++, alarmId);
            insert.setLong(i++, entry.at().toEpochMilli());
            insert.setString(i++, entry.action());
            insert.setString(i++, entry.actor());
            insert.setString(i++, entry.origin());
            insert.setString(i++, entry.note());
        }
        insert.executeUpdate();
    }

    void appendTimeline(Connection connection, String alarmId, TimelineEntry entry) throws SQLException {
        PreparedStatement insert = prepared(connection,
                "INSERT INTO alarm_timeline (alarm_id, at, action, actor, origin, note) VALUES (?, ?, ?, ?, ?, ?)");
        insert.setString(1, alarmId);
        insert.setLong(2, entry.at().toEpochMilli());
        insert.setString(3, entry.action());
        insert.setString(4, entry.actor());
        insert.setString(5, entry.origin());
        insert.setString(6, entry.note());
        insert.executeUpdate();
    }

    /**
     * {@code head} and {@code count} times {@code row}, comma-separated: made once per head and count, since
     * building the text on every call costs more than the rows.
     */
    String manyRows(String head, String row, int count) {
        return sql(new Many(head, count), () -> head + String.join(", ", Collections.nCopies(count, row)));
    }

    /** The SQL text of a {@code shape} (a record naming what varies), made by {@code making} the first time only. */
    String sql(Object shape, java.util.function.Supplier<String> making) {
        return madeSql.computeIfAbsent(shape, key -> making.get());
    }

    /**
     * A statement of the alarm path, compiled once on the writer's connection: compiling SQL costs more
     * than running it. Only the writer thread uses these, so the map needs no lock; they are never closed
     * by their users, and close with the connection.
     */
    PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = writerStatements.get(sql);
        if (statement == null || statement.isClosed() || statement.getConnection() != connection) {
            statement = connection.prepareStatement(sql);
            writerStatements.put(sql, statement);
        }
        return statement;
    }

    Alarm selectOne(Connection connection, String alarmId) throws SQLException {
        return current(connection, "WHERE id = ?", alarmId).orElseThrow();
    }

    /** A call as the writer sees it inside its transaction, through a statement compiled once. */
    Optional<Alarm> current(Connection connection, String where, Object... args) throws SQLException {
        List<Alarm> alarms = rows(prepared(connection, "SELECT " + COLUMNS + " FROM alarm " + where), args);
        return alarms.isEmpty() ? Optional.empty() : Optional.of(alarms.getFirst());
    }
}
