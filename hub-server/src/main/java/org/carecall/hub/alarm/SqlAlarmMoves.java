package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmRows.OPEN;
import static org.carecall.hub.alarm.AlarmRows.UNITS_OWN;
import static org.carecall.hub.alarm.AlarmRows.stateIn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.AlarmStore.HandlingField;
import org.carecall.hub.alarm.AlarmStore.Moved;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.Engine;

/**
 * The moves of {@link AlarmMove}'s table on the alarm table, for {@link SqlAlarmStore}: each move's guarded
 * update is compiled once from its row; a move holds the call's row (on PostgreSQL), checks the state the
 * table allows, updates, writes its timeline row (and what another part stores alongside it, such as the
 * family's news of a resolution) and tells the other hub nodes, in one transaction.
 */
final class SqlAlarmMoves {
    private final Database database;
    private final WriterStatements statements;
    private final CallNews news;

    SqlAlarmMoves(Database database, WriterStatements statements, CallNews news) {
        this.news = news;
        this.database = database;
        this.statements = statements;
    }

    /** Each move's guarded update, compiled from its row of {@link AlarmMove}'s table once. */
    private static final Map<AlarmMove, String> MOVES = movesSql();

    CompletableFuture<Moved> move(String alarmId, AlarmMove move, AlarmMove.Facts facts, TimelineEntry entry,
                                  Alongside alongside) {
        return database.writer().urgent(connection ->
                moveIn(connection, forMove(connection, "WHERE id = ?", alarmId), move, facts, entry, alongside));
    }

    CompletableFuture<Moved> moveUnitsCall(String deviceId, String unitAlarmId, AlarmMove move,
                                           AlarmMove.Facts facts, TimelineEntry entry) {
        return database.writer().urgent(connection ->
                moveIn(connection, forMove(connection, UNITS_OWN, deviceId, unitAlarmId), move, facts, entry,
                        Alongside.NONE));
    }

    /**
     * The call a move starts from, its row held until the transaction ends on PostgreSQL (another node's
     * move waits for this one, as its update would), so that "before" is what the move changed.
     */
    private Optional<Alarm> forMove(Connection connection, String where, Object... args) throws SQLException {
        return statements.current(connection, where + (database.engine() == Engine.POSTGRESQL ? " FOR UPDATE" : ""), args);
    }

    private Moved moveIn(Connection connection, Optional<Alarm> before, AlarmMove move, AlarmMove.Facts facts,
                         TimelineEntry entry, Alongside alongside) throws SQLException {
        if (before.isEmpty()) {
            return Moved.missing();
        }
        Alarm call = before.get();
        if (!move.allowedFrom(call.state(), call.handling().resolvedAt())) {
            return Moved.refused(call);
        }
        PreparedStatement update = statements.prepared(connection, MOVES.get(move));
        int i = 1;
        update.setLong(i++, entry.at().toEpochMilli());
        for (HandlingField field : move.sets()) {
            update.setObject(i++, facts.value(field, entry.at()));
        }
        for (HandlingField field : move.setsIfGiven()) {
            update.setObject(i++, facts.value(field, entry.at()));
        }
        update.setString(i, call.id());
        // The guard in the update decides, as on any engine with any number of writers.
        if (update.executeUpdate() == 0) {
            return Moved.refused(statements.selectOne(connection, call.id()));
        }
        statements.appendTimeline(connection, call.id(), entry);
        alongside.write(connection);
        Alarm after = move.applyTo(call, facts, entry.at());
        database.writer().tell(news.updated(after, entry.action()));
        return new Moved(true, before, Optional.of(after));
    }

    /** {@code UPDATE alarm SET state, updated_at, the move's facts WHERE id = ? AND its from-states}, per move. */
    private static Map<AlarmMove, String> movesSql() {
        Map<AlarmMove, String> moves = new EnumMap<>(AlarmMove.class);
        for (AlarmMove move : AlarmMove.values()) {
            StringBuilder sql = new StringBuilder("UPDATE alarm SET state = '").append(move.to().name())
                    .append("', updated_at = ?");
            for (HandlingField field : move.sets()) {
                sql.append(", ").append(column(field)).append(" = ?");
            }
            for (HandlingField field : move.setsIfGiven()) {
                sql.append(", ").append(column(field)).append(" = COALESCE(?, ").append(column(field)).append(")");
            }
            sql.append(" WHERE id = ? AND ").append(stateIn("state", move.from()));
            if (move.onlyUnconfirmed()) {
                sql.append(" AND resolved_at IS NULL");
            }
            moves.put(move, sql.toString());
        }
        return moves;
    }

    /** A line on an open call's timeline, and its {@code updated_at}; nothing else changes. */
    CompletableFuture<Optional<Alarm>> note(String alarmId, TimelineEntry entry) {
        return database.writer().urgent(connection -> {
            PreparedStatement touch = statements.prepared(connection, "UPDATE alarm SET updated_at = ? WHERE id = ? AND "
                    + OPEN);
            touch.setLong(1, entry.at().toEpochMilli());
            touch.setString(2, alarmId);
            if (touch.executeUpdate() == 0) {
                return Optional.<Alarm>empty();
            }
            statements.appendTimeline(connection, alarmId, entry);
            return statements.current(connection, "WHERE id = ?", alarmId);
        });
    }

    /** The column that holds a handling fact: the names of the schema stay in this class. */
    private static String column(HandlingField field) {
        return switch (field) {
            case NOTIFIED_AT -> "notified_at";
            case ACKNOWLEDGED_AT -> "acknowledged_at";
            case ACKNOWLEDGED_BY -> "acknowledged_by";
            case ACKNOWLEDGED_NAME -> "acknowledged_name";
            case ARRIVED_AT -> "arrived_at";
            case RESOLVED_AT -> "resolved_at";
            case OUTCOME -> "outcome";
            case ESCALATION_STEP -> "escalation_step";
            case NEXT_ESCALATION_AT -> "next_escalation_at";
        };
    }
}
