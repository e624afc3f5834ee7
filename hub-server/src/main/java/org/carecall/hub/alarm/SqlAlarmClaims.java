package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmRows.OPEN;
import static org.carecall.hub.alarm.AlarmRows.names;
import static org.carecall.hub.alarm.AlarmRows.selectAll;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.carecall.hub.alarm.AlarmStore.Claim;
import org.carecall.hub.alarm.AlarmStore.Claimed;
import org.carecall.hub.alarm.AlarmStore.Round;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.hub.store.News;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.Engine;
import org.carecall.protocol.AlarmState;

/**
 * Escalation's claims on the alarm table, for {@link SqlAlarmStore}: a step or a round of retries is
 * claimed by exactly one caller however many hub nodes sweep, and a claim never waits behind another
 * node's transaction on the same call (it says BUSY instead).
 */
final class SqlAlarmClaims {
    private final Database database;
    private final WriterStatements statements;

    SqlAlarmClaims(Database database, WriterStatements statements) {
        this.database = database;
        this.statements = statements;
    }

    CompletableFuture<Claimed<Claim>> claimEscalation(String alarmId, Set<AlarmState> states, int expectedStep,
                                                      int newStep, Instant nextAt) {
        String allowed = names(states);
        return database.writer().urgent(connection -> {
            if (!lockedForClaim(connection, alarmId)) {
                return Claimed.not(Claim.BUSY);
            }
            PreparedStatement update = statements.prepared(connection, "UPDATE alarm SET escalation_step = ?,"
                    + " next_escalation_at = ? WHERE id = ? AND escalation_step = ? AND state IN (" + allowed + ")");
            update.setInt(1, newStep);
            update.setObject(2, nextAt == null ? null : nextAt.toEpochMilli());
            update.setString(3, alarmId);
            update.setInt(4, expectedStep);
            return update.executeUpdate() == 1 ? new Claimed<>(Claim.WON, committed(connection, alarmId))
                    : Claimed.not(Claim.LOST);
        });
    }

    /** The call as this transaction leaves it. */
    private static Alarm committed(Connection connection, String alarmId) throws SQLException {
        return selectAll(connection, "WHERE id = ?", alarmId).getFirst();
    }

    /**
     * Takes the call's row for a claim without waiting: on PostgreSQL, {@code FOR UPDATE SKIP LOCKED}, so
     * that a claim never holds this node's whole group commit behind another node's transaction on the same
     * call (nor joins a deadlock with it). False when that row is held (or gone); SQLite has one writer, so
     * nothing else can hold it.
     */
    private boolean lockedForClaim(Connection connection, String alarmId) throws SQLException {
        if (database.engine() != Engine.POSTGRESQL) {
            return true;
        }
        PreparedStatement lock = statements.prepared(connection, "SELECT 1 FROM alarm WHERE id = ? FOR UPDATE SKIP LOCKED");
        lock.setString(1, alarmId);
        try (ResultSet rows = lock.executeQuery()) {
            return rows.next();
        }
    }

    CompletableFuture<Claimed<Round>> claimRound(String alarmId, Instant due, Instant next,
                                                 TimelineEntry firstNote, Function<Alarm, ? extends News> news) {
        return database.writer().urgent(connection -> {
            if (!lockedForClaim(connection, alarmId)) {
                return Claimed.not(Round.BUSY);
            }
            // Any call nobody has taken: one seen once and then left is as unhandled as one never seen.
            PreparedStatement update = statements.prepared(connection, "UPDATE alarm SET next_escalation_at = ?,"
                    + " unreached_at = COALESCE(unreached_at, ?) WHERE id = ? AND " + AlarmRows.stateIn("state", AlarmStates.WAITING)
                    + " AND next_escalation_at " + (due == null ? "IS NULL" : "= ?"));
            update.setLong(1, next.toEpochMilli());
            update.setLong(2, firstNote.at().toEpochMilli()); // when the round was decided
            update.setString(3, alarmId);
            if (due != null) {
                update.setLong(4, due.toEpochMilli());
            }
            if (update.executeUpdate() == 0) {
                return Claimed.not(Round.NOT_CLAIMED);
            }
            PreparedStatement earlier = statements.prepared(connection, "SELECT 1 FROM alarm_timeline WHERE alarm_id = ?"
                    + " AND action = ? LIMIT 1");
            earlier.setString(1, alarmId);
            earlier.setString(2, firstNote.action());
            boolean again;
            try (ResultSet rows = earlier.executeQuery()) {
                again = rows.next();
            }
            if (!again) {
                statements.appendTimeline(connection, alarmId, firstNote);
            }
            Alarm claimed = committed(connection, alarmId);
            database.writer().tell(news.apply(claimed));
            return new Claimed<>(again ? Round.AGAIN : Round.FIRST, claimed);
        });
    }

    CompletableFuture<Boolean> scheduleEscalation(String alarmId, Instant nextAt) {
        return database.writer().urgent(connection -> {
            PreparedStatement update = statements.prepared(connection, "UPDATE alarm SET next_escalation_at = ? WHERE id = ? AND " + OPEN);
            update.setObject(1, nextAt == null ? null : nextAt.toEpochMilli());
            update.setString(2, alarmId);
            return update.executeUpdate() == 1;
        });
    }
}
