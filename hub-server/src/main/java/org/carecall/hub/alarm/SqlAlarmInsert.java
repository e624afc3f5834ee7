package org.carecall.hub.alarm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.hub.store.Engine;
import org.carecall.protocol.AlarmState;

/**
 * A new call stored with escalation's first steps, for {@link SqlAlarmStore}: the call's row, its timeline's
 * lines and who its steps rang. On SQLite that is three statements, which cost no more than one there; on
 * PostgreSQL it is one statement (data-modifying {@code WITH}s), since each statement is a round trip to the
 * server and a storm's calls queue behind them.
 *
 * <p>Guarantees: the lines and the notification rows are written only if the call's row was; a unit's call
 * already stored (its id, or the unit's own id) writes nothing; the lines keep their order.
 */
final class SqlAlarmInsert {
    private static final String COLUMNS = "id, device_id, kind, source, state, raised_at, received_at, seq,"
            + " test, press_count, last_press_at, problem, updated_at, unit_alarm_id, escalation_step,"
            + " next_escalation_at, unreached_at";
    private static final String VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)";
    private final Engine engine;
    private final WriterStatements statements;

    SqlAlarmInsert(Engine engine, WriterStatements statements) {
        this.engine = engine;
        this.statements = statements;
    }

    /** The shape of the one statement: how many timeline lines and rows rung. */
    private record AtOnce(int lines, int rang) {
    }

    /** One notification row: a step, its audiences, and the person rung (null: nobody). */
    private record Notified(int step, String audiences, String staffId) {
    }

    /**
     * Stores a new call under {@code storedId} with escalation's first steps; empty if the unit's call with
     * its id is already stored, or another call has {@code storedId}.
     */
    Optional<Alarm> insert(Connection connection, NewAlarm report, String storedId, FirstSteps firstSteps)
            throws SQLException {
        Alarm raised = report.asRaisedUnder(storedId);
        List<TimelineEntry> lines = new ArrayList<>(firstSteps.notes().size() + 1);
        lines.add(new TimelineEntry(raised.receivedAt(), AlarmState.RECEIVED.name(), "device:" + raised.deviceId(),
                report.origin(), raised.problem()));
        lines.addAll(firstSteps.notes());
        List<Notified> rang = new ArrayList<>();
        for (FirstSteps.Rang step : firstSteps.rang()) {
            for (String person : step.staffIds().isEmpty() ? Collections.<String>singleton(null) : step.staffIds()) {
                rang.add(new Notified(step.step(), step.audiences(), person));
            }
        }
        boolean stored = engine == Engine.POSTGRESQL ? insertAtOnce(connection, raised, report, firstSteps, lines, rang)
                : insertOneByOne(connection, raised, report, firstSteps, lines, rang);
        // Exactly the row just written, without reading it back.
        return !stored ? Optional.empty() : Optional.of(firstSteps.fired() == 0 ? raised : withSteps(raised, firstSteps));
    }

    private boolean insertOneByOne(Connection connection, Alarm raised, NewAlarm report, FirstSteps firstSteps,
                                   List<TimelineEntry> lines, List<Notified> rang) throws SQLException {
        // No conflict target: the id's key and the unit's own (device_id, unit_alarm_id) both end in nothing.
        PreparedStatement insert = statements.prepared(connection, "INSERT INTO alarm (" + COLUMNS + ") VALUES " + VALUES
                + " ON CONFLICT DO NOTHING");
        setCall(insert, raised, report, firstSteps);
        if (insert.executeUpdate() == 0) {
            return false;
        }
        statements.appendTimeline(connection, raised.id(), lines);
        if (!rang.isEmpty()) {
            PreparedStatement ringing = statements.prepared(connection, statements.manyRows("INSERT INTO notification"
                    + " (alarm_id, step, audience, staff_id, at) VALUES ", "(?, ?, ?, ?, ?)", rang.size()));
            int i = 1;
            for (Notified row : rang) {
                ringing.setString(i++, raised.id());
                ringing.setInt(i++, row.step());
                ringing.setString(i++, row.audiences());
                ringing.setString(i++, row.staffId());
                ringing.setLong(i++, raised.receivedAt().toEpochMilli());
            }
            ringing.executeUpdate();
        }
        return true;
    }

    /**
     * The same in one statement: the lines and the rows rung are selected from the inserted call, so a call
     * already stored (nothing inserted) takes none with it. Compiled once for each number of lines and rows.
     */
    private boolean insertAtOnce(Connection connection, Alarm raised, NewAlarm report, FirstSteps firstSteps,
                                 List<TimelineEntry> lines, List<Notified> rang) throws SQLException {
        // Made once per shape: building the text costs more than running the statement.
        PreparedStatement insert = statements.prepared(connection, statements.sql(new AtOnce(lines.size(), rang.size()),
                () -> atOnce(lines.size(), rang.size())));
        int i = setCall(insert, raised, report, firstSteps);
        int n = 0;
        for (TimelineEntry line : lines) {
            insert.setInt(i++, n++);
            insert.setLong(i++, line.at().toEpochMilli());
            insert.setString(i++, line.action());
            insert.setString(i++, line.actor());
            insert.setString(i++, line.origin());
            insert.setString(i++, line.note());
        }
        if (!rang.isEmpty()) {
            insert.setLong(i++, raised.receivedAt().toEpochMilli());
            for (Notified row : rang) {
                insert.setInt(i++, row.step());
                insert.setString(i++, row.audiences());
                insert.setString(i++, row.staffId());
            }
        }
        try (ResultSet inserted = insert.executeQuery()) {
            return inserted.next() && inserted.getInt(1) == 1;
        }
    }

    /** The one statement for a call with {@code lines} timeline lines and {@code rang} rows rung. */
    private static String atOnce(int lines, int rang) {
        StringBuilder sql = new StringBuilder("WITH raised AS (INSERT INTO alarm (").append(COLUMNS).append(") VALUES ")
                .append(VALUES).append(" ON CONFLICT DO NOTHING RETURNING id), lines AS (INSERT INTO alarm_timeline")
                .append(" (alarm_id, at, action, actor, origin, note) SELECT raised.id, line.at, line.action, line.actor,")
                .append(" line.origin, line.note FROM raised, (VALUES ")
                .append(rows(lines, "(?::integer, ?::bigint, ?::text, ?::text, ?::text, ?::text)",
                        "(?, ?, ?, ?, ?, ?)"))
                .append(") AS line (n, at, action, actor, origin, note) ORDER BY line.n)");
        if (rang > 0) {
            sql.append(", rang AS (INSERT INTO notification (alarm_id, step, audience, staff_id, at) SELECT raised.id,")
                    .append(" person.step, person.audience, person.staff_id, ?::bigint FROM raised, (VALUES ")
                    .append(rows(rang, "(?::integer, ?::text, ?::text)", "(?, ?, ?)"))
                    .append(") AS person (step, audience, staff_id))");
        }
        return sql.append(" SELECT count(*) FROM raised").toString();
    }

    /** A VALUES list of {@code count} rows, the first with its types written out (they type the others). */
    private static String rows(int count, String typed, String row) {
        return typed + ", ".repeat(count > 1 ? 1 : 0) + String.join(", ", Collections.nCopies(count - 1, row));
    }

    /** The call's own columns, from the first parameter on: the index of the next. */
    private static int setCall(PreparedStatement insert, Alarm raised, NewAlarm report, FirstSteps firstSteps)
            throws SQLException {
        long received = raised.receivedAt().toEpochMilli();
        insert.setString(1, raised.id());
        insert.setString(2, raised.deviceId());
        insert.setString(3, raised.kind().name());
        insert.setString(4, raised.source());
        insert.setString(5, AlarmState.RECEIVED.name());
        insert.setLong(6, raised.raisedAt().toEpochMilli());
        insert.setLong(7, received);
        insert.setLong(8, raised.seq());
        insert.setInt(9, raised.test() ? 1 : 0);
        insert.setLong(10, received);
        insert.setString(11, raised.problem());
        insert.setLong(12, received);
        insert.setString(13, report.id());
        insert.setInt(14, firstSteps.fired());
        insert.setObject(15, firstSteps.nextAt() == null ? null : firstSteps.nextAt().toEpochMilli(), java.sql.Types.BIGINT);
        insert.setObject(16, firstSteps.unreached() ? received : null, java.sql.Types.BIGINT);
        return 17;
    }

    private static Alarm withSteps(Alarm raised, FirstSteps steps) {
        return new Alarm(raised.id(), raised.deviceId(), raised.kind(), raised.source(), raised.state(), raised.raisedAt(),
                raised.receivedAt(), raised.seq(), raised.test(), raised.pressCount(), raised.lastPressAt(),
                raised.problem(), raised.updatedAt(), new Alarm.Handling(null, null, null, null, null, null, null,
                steps.fired(), steps.nextAt() == null ? null : Instant.ofEpochMilli(steps.nextAt().toEpochMilli()),
                steps.unreached() ? Instant.ofEpochMilli(raised.receivedAt().toEpochMilli()) : null),
                raised.unitAlarmId());
    }
}
