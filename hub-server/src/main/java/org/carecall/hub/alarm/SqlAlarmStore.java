package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmRows.OPEN;
import static org.carecall.hub.alarm.AlarmRows.UNITS_OWN;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.News;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;

/**
 * {@link AlarmStore} on the hub's database, SQLite or PostgreSQL: the same SQL on both. Every write runs
 * on the store's single writer in the urgent lane, so deciding "new, repeat or resend" and storing the
 * answer happen in one transaction; state moves are conditional updates, right with any number of writers.
 */
public final class SqlAlarmStore implements AlarmStore {
    private final Database database;
    /** The writer's statements, shared with the moves: compiled once each on the writer's connection. */
    private final WriterStatements statements = new WriterStatements();
    private final CallNews news;
    private final SqlAlarmMoves moves;
    private final SqlAlarmClaims claims;
    private final SqlAlarmReads reads;
    private final SqlAlarmInsert inserts;

    /** {@code news}: what each change tells the other hub nodes, inside its write. */
    public SqlAlarmStore(Database database, CallNews news) {
        this.news = news;
        this.database = database;
        this.moves = new SqlAlarmMoves(database, statements, news);
        this.claims = new SqlAlarmClaims(database, statements);
        this.reads = new SqlAlarmReads(database);
        this.inserts = new SqlAlarmInsert(database.engine(), statements);
    }

    /**
     * Every write that changes a call tells its news for the other hub nodes in its own transaction (the
     * writer keeps it there): the event the hub's parts hear once it is committed.
     */
    @Override
    public CompletableFuture<Recorded> record(NewAlarm report, FirstSteps firstSteps) {
        return database.writer().urgentRepeatable(connection -> {
            Recorded recorded = recordIn(connection, report, firstSteps);
            if (database.writer().keepsNews()) {
                recorded.news(news).ifPresent(database.writer()::tell);
                if (recorded instanceof Recorded.Raised) {
                    firstSteps.news().apply(recorded.alarm()).forEach(database.writer()::tell);
                }
            }
            return recorded;
        });
    }

    /**
     * New call, repeat press or resend, decided and stored in the caller's transaction. Ids are the units'
     * own: a resend is recognised by (unit, id), and an id another unit's call has never answers for it.
     */
    private Recorded recordIn(Connection connection, NewAlarm report, FirstSteps firstSteps) throws SQLException {
        if (report.repeatOf() == null) {
            // The common case, a first press: one insert, which does nothing if the unit's id is known (a
            // resend). Only a report that names a call it repeats can be a press already counted on another call.
            Optional<Alarm> inserted = inserts.insert(connection, report, report.id(), firstSteps);
            if (inserted.isPresent()) {
                return new Recorded.Raised(inserted.get());
            }
            Optional<Alarm> resent = statements.current(connection, UNITS_OWN, report.deviceId(), report.id());
            return resent.isPresent() ? new Recorded.Duplicate(resent.get(), null)
                    : new Recorded.Raised(insertUnderOwnId(connection, report, firstSteps));
        }
        Optional<Alarm> known = statements.current(connection, UNITS_OWN, report.deviceId(), report.id());
        if (known.isPresent()) {
            return new Recorded.Duplicate(known.get(), null);
        }
        Optional<String> mergedInto = pressOwner(connection, report.deviceId(), report.id());
        if (mergedInto.isPresent()) {
            return new Recorded.Duplicate(statements.current(connection, "WHERE id = ?", mergedInto.get()).orElseThrow(),
                    report.id());
        }
        Optional<Alarm> open = statements.current(connection, UNITS_OWN + " AND " + OPEN, report.deviceId(), report.repeatOf());
        if (open.isPresent()) {
            return new Recorded.Merged(countPress(connection, open.get(), report), report.id());
        }
        Optional<Alarm> inserted = inserts.insert(connection, report, report.id(), firstSteps);
        return new Recorded.Raised(inserted.isPresent() ? inserted.get() : insertUnderOwnId(connection, report, firstSteps));
    }

    /**
     * Another unit's call has the id this unit sent (a unit's ids are its own to make): a real press is
     * never lost, so it is stored as a call of its own under an id the hub makes, and the unit still knows
     * it by its id. Its resends find it by (unit, id).
     */
    private Alarm insertUnderOwnId(Connection connection, NewAlarm report, FirstSteps firstSteps) throws SQLException {
        String storedId = MessageIds.next(report.receivedAt().toEpochMilli());
        return inserts.insert(connection, report, storedId, firstSteps).orElseThrow(() -> new SQLException(
                "call " + report.id() + " of unit " + report.deviceId() + " could not be stored under a new id"));
    }

    @Override
    public CompletableFuture<Void> rehearse(NewAlarm report, FirstSteps firstSteps) {
        return database.writer().<Void>urgent(connection -> {
            inserts.insert(connection, report, report.id(), firstSteps);
            throw new RolledBack(); // the writer rolls a failed task back alone
        }).exceptionallyCompose(failure -> failure instanceof RolledBack || failure.getCause() instanceof RolledBack
                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure));
    }

    /** How a rehearsal's write ends: undone, without a stack trace to fill. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rehearsal", null, false, false);
        }
    }

    @Override
    public CompletableFuture<Void> recordRinging(String alarmId, int step, String audiences, Set<String> staffIds,
                                                 Instant at, List<? extends News> news) {
        return database.writer().urgentRepeatable(connection -> {
            insertRinging(connection, alarmId, step, audiences, staffIds, at);
            news.forEach(database.writer()::tell);
            return null;
        });
    }

    /** Who a step rang: a notification row each, one row with nobody for a step that rang nobody. */
    private void insertRinging(Connection connection, String alarmId, int step, String audiences,
                               Set<String> staffIds, Instant at) throws SQLException {
        PreparedStatement insert = statements.prepared(connection,
                "INSERT INTO notification (alarm_id, step, audience, staff_id, at) VALUES (?, ?, ?, ?, ?)");
        for (String person : staffIds.isEmpty() ? Collections.<String>singleton(null) : staffIds) {
            insert.setString(1, alarmId);
            insert.setInt(2, step);
            insert.setString(3, audiences);
            insert.setString(4, person);
            insert.setLong(5, at.toEpochMilli());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    private Alarm countPress(Connection connection, Alarm open, NewAlarm press) throws SQLException {
        long received = press.receivedAt().toEpochMilli();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE alarm SET press_count = press_count + 1, last_press_at = ?, updated_at = ? WHERE id = ?")) {
            update.setLong(1, received);
            update.setLong(2, received);
            update.setString(3, open.id());
            update.executeUpdate();
        }
        // The press is known by (unit, its id); press_id is another unit's press's already in a rare case.
        for (String pressId : List.of(press.id(), MessageIds.next(received))) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alarm_press (press_id, alarm_id,"
                    + " received_at, device_id, unit_press_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, pressId);
                insert.setString(2, open.id());
                insert.setLong(3, received);
                insert.setString(4, press.deviceId());
                insert.setString(5, press.id());
                if (insert.executeUpdate() == 1) {
                    break;
                }
            }
        }
        statements.appendTimeline(connection, open.id(), new TimelineEntry(press.receivedAt(), "PRESSED_AGAIN",
                "device:" + press.deviceId(), press.origin(), "press " + press.id()));
        return statements.selectOne(connection, open.id());
    }

    private static Optional<String> pressOwner(Connection connection, String deviceId, String pressId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT alarm_id FROM alarm_press WHERE device_id = ? AND unit_press_id = ?")) {
            query.setString(1, deviceId);
            query.setString(2, pressId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }


    @Override
    public CompletableFuture<Claimed<Claim>> claimEscalation(String alarmId, Set<AlarmState> states, int expectedStep,
                                                             int newStep, Instant nextAt) {
        return claims.claimEscalation(alarmId, states, expectedStep, newStep, nextAt);
    }

    @Override
    public CompletableFuture<Claimed<Round>> claimRound(String alarmId, Instant due, Instant next,
                                                        TimelineEntry firstNote, Function<Alarm, ? extends News> news) {
        return claims.claimRound(alarmId, due, next, firstNote, news);
    }

    @Override
    public CompletableFuture<Boolean> scheduleEscalation(String alarmId, Instant nextAt) {
        return claims.scheduleEscalation(alarmId, nextAt);
    }

    @Override
    public CompletableFuture<Moved> move(String alarmId, AlarmMove move, AlarmMove.Facts facts, TimelineEntry entry,
                                         Alongside alongside) {
        return moves.move(alarmId, move, facts, entry, alongside);
    }

    @Override
    public CompletableFuture<Moved> moveUnitsCall(String deviceId, String unitAlarmId, AlarmMove move,
                                                  AlarmMove.Facts facts, TimelineEntry entry) {
        return moves.moveUnitsCall(deviceId, unitAlarmId, move, facts, entry);
    }

    @Override
    public CompletableFuture<Optional<Alarm>> note(String alarmId, TimelineEntry entry) {
        return moves.note(alarmId, entry);
    }

    @Override
    public Map<String, Rung> ringingNow() throws StoreException {
        return reads.ringingNow();
    }

    @Override
    public Map<String, Instant> lastTestCalls() throws StoreException {
        return reads.lastTestCalls();
    }

    @Override
    public List<Alarm> dueForEscalation(Instant now, int limit) throws StoreException {
        return reads.dueForEscalation(now, limit);
    }

    @Override
    public List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, int limit, int offset) throws StoreException {
        return reads.page(openOnly, kinds, limit, offset);
    }

    @Override
    public List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, String siteId, int limit, int offset)
            throws StoreException {
        return reads.page(openOnly, kinds, siteId, limit, offset);
    }

    @Override
    public int count(boolean openOnly, Set<AlarmKind> kinds) throws StoreException {
        return reads.count(openOnly, kinds);
    }

    @Override
    public int count(boolean openOnly, Set<AlarmKind> kinds, String siteId) throws StoreException {
        return reads.count(openOnly, kinds, siteId);
    }

    @Override
    public List<Alarm> recentOfResident(String residentId, int limit) throws StoreException {
        return reads.recentOfResident(residentId, limit);
    }

    @Override
    public List<Alarm> receivedBetween(Instant from, Instant to) throws StoreException {
        return reads.receivedBetween(from, to);
    }

    @Override
    public Optional<Alarm> find(String alarmId) throws StoreException {
        return reads.find(alarmId);
    }

    @Override
    public List<Alarm> openAlarmsOf(String deviceId) throws StoreException {
        return reads.openAlarmsOf(deviceId);
    }

    @Override
    public List<OpenCount> openCounts() throws StoreException {
        return reads.openCounts();
    }

    @Override
    public List<Alarm> openAlarms() throws StoreException {
        return reads.openAlarms();
    }

    @Override
    public List<TimelineEntry> timeline(String alarmId) throws StoreException {
        return reads.timeline(alarmId);
    }

    @Override
    public int countById(String alarmId) throws StoreException {
        return reads.countById(alarmId);
    }
}
