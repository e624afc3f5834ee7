package org.carecall.hub.alarm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.Engine;
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
    private static final String COLUMNS = "id, device_id, kind, source, state, raised_at, received_at, seq, test,"
            + " press_count, last_press_at, problem, updated_at, notified_at, acknowledged_at, acknowledged_by,"
            + " acknowledged_name, arrived_at, resolved_at, outcome, escalation_step, next_escalation_at, unit_alarm_id";
    private static final String INSERT_COLUMNS = "id, device_id, kind, source, state, raised_at, received_at, seq,"
            + " test, press_count, last_press_at, problem, updated_at, unit_alarm_id";
    /** A unit's own call by the id the unit gave it: unique per unit, kept by the unique key (device_id, unit_alarm_id). */
    private static final String UNITS_OWN = "WHERE device_id = ? AND unit_alarm_id = ?";
    /** {@link AlarmStates}' sets as SQL: the sets are defined there, never written out here. */
    private static final String OPEN = stateIn("state", AlarmStates.OPEN);
    private static final String WAITING = stateIn("a.state", AlarmStates.WAITING);
    /** What the board shows ({@link AlarmStates#onBoard}): open calls, and cancellations not yet confirmed. */
    private static final String ON_BOARD = "(" + OPEN + " OR (" + stateIn("state", AlarmStates.TO_CONFIRM)
            + " AND resolved_at IS NULL))";
    /** Each move's guarded update, compiled from its row of {@link AlarmMove}'s table once. */
    private static final Map<AlarmMove, String> MOVES = movesSql();

    private final Database database;

    private final Map<String, PreparedStatement> writerStatements = new HashMap<>();

    public SqlAlarmStore(Database database) {
        this.database = database;
    }

    /**
     * Every write that changes a call tells its news for the other hub nodes in its own transaction (the
     * writer keeps it there): the event the hub's parts hear once it is committed.
     */
    @Override
    public CompletableFuture<Recorded> record(NewAlarm report, FirstSteps firstSteps) {
        return database.writer().urgent(connection -> {
            Recorded recorded = recordIn(connection, report, firstSteps);
            if (database.writer().keepsNews()) {
                recorded.event().ifPresent(database.writer()::tell);
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
            Optional<Alarm> inserted = insert(connection, report, report.id(), firstSteps);
            if (inserted.isPresent()) {
                return new Recorded.Raised(inserted.get());
            }
            Optional<Alarm> resent = current(connection, UNITS_OWN, report.deviceId(), report.id());
            return resent.isPresent() ? new Recorded.Duplicate(resent.get(), null)
                    : new Recorded.Raised(insertUnderOwnId(connection, report, firstSteps));
        }
        Optional<Alarm> known = current(connection, UNITS_OWN, report.deviceId(), report.id());
        if (known.isPresent()) {
            return new Recorded.Duplicate(known.get(), null);
        }
        Optional<String> mergedInto = pressOwner(connection, report.deviceId(), report.id());
        if (mergedInto.isPresent()) {
            return new Recorded.Duplicate(current(connection, "WHERE id = ?", mergedInto.get()).orElseThrow(),
                    report.id());
        }
        Optional<Alarm> open = current(connection, UNITS_OWN + " AND " + OPEN, report.deviceId(), report.repeatOf());
        if (open.isPresent()) {
            return new Recorded.Merged(countPress(connection, open.get(), report), report.id());
        }
        Optional<Alarm> inserted = insert(connection, report, report.id(), firstSteps);
        return new Recorded.Raised(inserted.isPresent() ? inserted.get() : insertUnderOwnId(connection, report, firstSteps));
    }

    /**
     * Another unit's call has the id this unit sent (a unit's ids are its own to make): a real press is
     * never lost, so it is stored as a call of its own under an id the hub makes, and the unit still knows
     * it by its id. Its resends find it by (unit, id).
     */
    private Alarm insertUnderOwnId(Connection connection, NewAlarm report, FirstSteps firstSteps) throws SQLException {
        String storedId = MessageIds.next(report.receivedAt().toEpochMilli());
        return insert(connection, report, storedId, firstSteps).orElseThrow(() -> new SQLException(
                "call " + report.id() + " of unit " + report.deviceId() + " could not be stored under a new id"));
    }

    @Override
    public CompletableFuture<Void> rehearse(NewAlarm report, FirstSteps firstSteps) {
        return database.writer().<Void>urgent(connection -> {
            insert(connection, report, report.id(), firstSteps);
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
    public CompletableFuture<Moved> move(String alarmId, AlarmMove move, AlarmMove.Facts facts, TimelineEntry entry) {
        return database.writer().urgent(connection ->
                moveIn(connection, forMove(connection, "WHERE id = ?", alarmId), move, facts, entry));
    }

    @Override
    public CompletableFuture<Moved> moveUnitsCall(String deviceId, String unitAlarmId, AlarmMove move,
                                                  AlarmMove.Facts facts, TimelineEntry entry) {
        return database.writer().urgent(connection ->
                moveIn(connection, forMove(connection, UNITS_OWN, deviceId, unitAlarmId), move, facts, entry));
    }

    /**
     * The call a move starts from, its row held until the transaction ends on PostgreSQL (another node's
     * move waits for this one, as its update would), so that "before" is what the move changed.
     */
    private Optional<Alarm> forMove(Connection connection, String where, Object... args) throws SQLException {
        return current(connection, where + (database.engine() == Engine.POSTGRESQL ? " FOR UPDATE" : ""), args);
    }

    private Moved moveIn(Connection connection, Optional<Alarm> before, AlarmMove move, AlarmMove.Facts facts,
                         TimelineEntry entry) throws SQLException {
        if (before.isEmpty()) {
            return Moved.missing();
        }
        Alarm call = before.get();
        if (!move.allowedFrom(call.state(), call.handling().resolvedAt())) {
            return Moved.refused(call);
        }
        PreparedStatement update = prepared(connection, MOVES.get(move));
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
            return Moved.refused(selectOne(connection, call.id()));
        }
        appendTimeline(connection, call.id(), entry);
        Alarm after = selectOne(connection, call.id());
        database.writer().tell(HubEvent.AlarmUpdated.after(after, entry.action()));
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

    @Override
    public CompletableFuture<Optional<Alarm>> update(String alarmId, Map<HandlingField, Object> handling,
                                                     TimelineEntry entry) {
        return database.writer().urgent(connection -> {
            Map<String, Object> columns = new LinkedHashMap<>();
            handling.forEach((field, value) -> columns.put(column(field), value));
            if (!setHandling(connection, alarmId, OPEN, entry.at(), columns)) {
                return Optional.<Alarm>empty();
            }
            appendTimeline(connection, alarmId, entry);
            return current(connection, "WHERE id = ?", alarmId);
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

    /** State names for an IN list: enum names only, never caller text. */
    private static String names(Set<AlarmState> states) {
        return states.stream().sorted().map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));
    }

    /** {@code column IN ('A', 'B')} for a set of states. */
    private static String stateIn(String column, Set<AlarmState> states) {
        return column + " IN (" + names(states) + ")";
    }

    @Override
    public CompletableFuture<Claimed<Claim>> claimEscalation(String alarmId, Set<AlarmState> states, int expectedStep,
                                                             int newStep, Instant nextAt) {
        String allowed = names(states);
        return database.writer().urgent(connection -> {
            if (!lockedForClaim(connection, alarmId)) {
                return Claimed.not(Claim.BUSY);
            }
            PreparedStatement update = prepared(connection, "UPDATE alarm SET escalation_step = ?,"
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
        PreparedStatement lock = prepared(connection, "SELECT 1 FROM alarm WHERE id = ? FOR UPDATE SKIP LOCKED");
        lock.setString(1, alarmId);
        try (ResultSet rows = lock.executeQuery()) {
            return rows.next();
        }
    }

    @Override
    public CompletableFuture<Claimed<Round>> claimRound(String alarmId, Instant due, Instant next,
                                                        TimelineEntry firstNote, Function<Alarm, HubEvent> news) {
        return database.writer().urgent(connection -> {
            if (!lockedForClaim(connection, alarmId)) {
                return Claimed.not(Round.BUSY);
            }
            PreparedStatement update = prepared(connection, "UPDATE alarm SET next_escalation_at = ? WHERE id = ?"
                    + " AND state = '" + AlarmState.RECEIVED.name() + "' AND next_escalation_at " + (due == null ? "IS NULL" : "= ?"));
            update.setLong(1, next.toEpochMilli());
            update.setString(2, alarmId);
            if (due != null) {
                update.setLong(3, due.toEpochMilli());
            }
            if (update.executeUpdate() == 0) {
                return Claimed.not(Round.NOT_CLAIMED);
            }
            PreparedStatement earlier = prepared(connection, "SELECT 1 FROM alarm_timeline WHERE alarm_id = ?"
                    + " AND action = ? LIMIT 1");
            earlier.setString(1, alarmId);
            earlier.setString(2, firstNote.action());
            boolean again;
            try (ResultSet rows = earlier.executeQuery()) {
                again = rows.next();
            }
            if (!again) {
                appendTimeline(connection, alarmId, firstNote);
            }
            Alarm claimed = committed(connection, alarmId);
            database.writer().tell(news.apply(claimed));
            return new Claimed<>(again ? Round.AGAIN : Round.FIRST, claimed);
        });
    }

    @Override
    public CompletableFuture<Boolean> scheduleEscalation(String alarmId, Instant nextAt) {
        return database.writer().urgent(connection -> {
            PreparedStatement update = prepared(connection, "UPDATE alarm SET next_escalation_at = ? WHERE id = ? AND " + OPEN);
            update.setObject(1, nextAt == null ? null : nextAt.toEpochMilli());
            update.setString(2, alarmId);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public CompletableFuture<Void> recordRinging(String alarmId, int step, String audiences, Set<String> staffIds,
                                                 Instant at, List<HubEvent> news) {
        return database.writer().urgent(connection -> {
            insertRinging(connection, alarmId, step, audiences, staffIds, at);
            news.forEach(database.writer()::tell);
            return null;
        });
    }

    @Override
    public Map<String, Rung> ringingNow() throws StoreException {
        return database.read(connection -> {
            Map<String, Set<String>> staff = new HashMap<>();
            Map<String, Set<String>> audiences = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT n.alarm_id, n.audience, n.staff_id"
                    + " FROM notification n JOIN alarm a ON a.id = n.alarm_id"
                    + " WHERE " + WAITING + " OR (a.state = '" + AlarmState.ACKNOWLEDGED.name()
                    + "' AND n.at > a.acknowledged_at)");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Set<String> rung = staff.computeIfAbsent(rows.getString(1), id -> new java.util.HashSet<>());
                    if (rows.getString(3) != null) {
                        rung.add(rows.getString(3));
                    }
                    Set<String> named = audiences.computeIfAbsent(rows.getString(1), id -> new java.util.HashSet<>());
                    for (String audience : rows.getString(2).split(",")) {
                        named.add(audience.strip());
                    }
                }
            }
            Map<String, Rung> ringing = new HashMap<>();
            staff.forEach((alarmId, people) -> ringing.put(alarmId, new Rung(Set.copyOf(people),
                    Set.copyOf(audiences.get(alarmId)))));
            return ringing;
        });
    }

    /** One notification row: a step, its audiences, and the person rung (null: nobody). */
    private record Notified(int step, String audiences, String staffId) {
    }

    /** Notification rows in one statement (the SQL is compiled once for each number of rows). */
    private void insertRinging(Connection connection, String alarmId, List<Notified> rows, Instant at)
            throws SQLException {
        PreparedStatement insert = prepared(connection, "INSERT INTO notification (alarm_id, step, audience, staff_id,"
                + " at) VALUES " + String.join(", ", java.util.Collections.nCopies(rows.size(), "(?, ?, ?, ?, ?)")));
        int i = 1;
        for (Notified row : rows) {
            insert.setString(i++, alarmId);
            insert.setInt(i++, row.step());
            insert.setString(i++, row.audiences());
            insert.setString(i++, row.staffId());
            insert.setLong(i++, at.toEpochMilli());
        }
        insert.executeUpdate();
    }

    /** Who a step rang: a notification row each, one row with nobody for a step that rang nobody. */
    private void insertRinging(Connection connection, String alarmId, int step, String audiences,
                               Set<String> staffIds, Instant at) throws SQLException {
        PreparedStatement insert = prepared(connection,
                "INSERT INTO notification (alarm_id, step, audience, staff_id, at) VALUES (?, ?, ?, ?, ?)");
        for (String person : staffIds.isEmpty() ? java.util.Collections.<String>singleton(null) : staffIds) {
            insert.setString(1, alarmId);
            insert.setInt(2, step);
            insert.setString(3, audiences);
            insert.setString(4, person);
            insert.setLong(5, at.toEpochMilli());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    @Override
    public Map<String, Instant> lastTestCalls() throws StoreException {
        return database.read(connection -> {
            Map<String, Instant> passes = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT device_id, max(received_at) FROM alarm WHERE test = 1 GROUP BY device_id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    passes.put(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)));
                }
            }
            return passes;
        });
    }

    @Override
    public List<Alarm> dueForEscalation(Instant now) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE next_escalation_at IS NOT NULL AND "
                + "next_escalation_at <= ? AND " + OPEN + " ORDER BY next_escalation_at", now.toEpochMilli()));
    }

    @Override
    public List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, int limit, int offset) throws StoreException {
        return database.read(connection -> selectAll(connection, filter(openOnly, kinds)
                + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?", limit, offset));
    }

    @Override
    public int count(boolean openOnly, Set<AlarmKind> kinds) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM alarm " + filter(openOnly, kinds));
                 ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    @Override
    public List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, String siteId, int limit, int offset)
            throws StoreException {
        if (siteId == null) {
            return page(openOnly, kinds, limit, offset);
        }
        return database.read(connection -> selectAll(connection, filter(openOnly, kinds) + OF_SITE
                + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?", siteId, limit, offset));
    }

    @Override
    public int count(boolean openOnly, Set<AlarmKind> kinds, String siteId) throws StoreException {
        if (siteId == null) {
            return count(openOnly, kinds);
        }
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM alarm "
                    + filter(openOnly, kinds) + OF_SITE)) {
                query.setString(1, siteId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    /** Leaves out the calls of units whose resident's grid is in another community than the parameter. */
    private static final String OF_SITE = " AND device_id NOT IN (SELECT device.id FROM device"
            + " JOIN resident ON resident.id = device.resident_id JOIN area ON area.id = resident.area_id"
            + " WHERE area.site_id <> ?)";

    /** A WHERE clause from fixed parts only: states and enum names, never caller text. */
    private static String filter(boolean openOnly, Set<AlarmKind> kinds) {
        String kindList = kinds.stream().map(kind -> "'" + kind.name() + "'").collect(Collectors.joining(", "));
        return "WHERE kind IN (" + kindList + ")" + (openOnly ? " AND " + ON_BOARD : "");
    }

    @Override
    public List<Alarm> recentOfResident(String residentId, int limit) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE device_id IN (SELECT id FROM device WHERE"
                + " resident_id = ?) ORDER BY received_at DESC, id LIMIT ?", residentId, limit));
    }

    @Override
    public List<Alarm> receivedBetween(Instant from, Instant to) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE received_at >= ? AND received_at < ?"
                + " ORDER BY received_at", from.toEpochMilli(), to.toEpochMilli()));
    }

    /** Sets the columns of one alarm if it still meets the condition; true if it did. */
    private boolean setHandling(Connection connection, String alarmId, String condition, Instant at,
                                Map<String, Object> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE alarm SET updated_at = ?");
        for (String column : columns.keySet()) {
            sql.append(", ").append(column).append(" = ?");
        }
        sql.append(" WHERE id = ? AND ").append(condition);
        PreparedStatement update = prepared(connection, sql.toString()); // a handful of column sets in all
        int i = 1;
        update.setLong(i++, at.toEpochMilli());
        for (Object value : columns.values()) {
            update.setObject(i++, value instanceof Instant instant ? instant.toEpochMilli() : value);
        }
        update.setString(i, alarmId);
        return update.executeUpdate() == 1;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public Optional<Alarm> find(String alarmId) throws StoreException {
        return database.read(connection -> select(connection, "WHERE id = ?", alarmId));
    }

    @Override
    public List<Alarm> openAlarmsOf(String deviceId) throws StoreException {
        return database.read(connection -> selectAll(connection,
                "WHERE device_id = ? AND " + OPEN + " ORDER BY received_at", deviceId));
    }

    @Override
    public List<OpenCount> openCounts() throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kind, state, COUNT(*) FROM alarm WHERE " + OPEN + " GROUP BY kind, state");
                 ResultSet rows = query.executeQuery()) {
                List<OpenCount> counts = new ArrayList<>();
                while (rows.next()) {
                    counts.add(new OpenCount(AlarmKind.valueOf(rows.getString(1)), AlarmState.valueOf(rows.getString(2)),
                            rows.getInt(3)));
                }
                return counts;
            }
        });
    }

    @Override
    public List<Alarm> openAlarms() throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE " + OPEN + " ORDER BY received_at"));
    }

    @Override
    public List<TimelineEntry> timeline(String alarmId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT at, action, actor, origin, note FROM alarm_timeline WHERE alarm_id = ? ORDER BY seq")) {
                query.setString(1, alarmId);
                List<TimelineEntry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new TimelineEntry(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5)));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public int countById(String alarmId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM alarm WHERE id = ?")) {
                query.setString(1, alarmId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    /**
     * Stores a new call under {@code storedId} with escalation's first steps; empty if the unit's call with
     * its id is already stored, or another call has {@code storedId}.
     */
    private Optional<Alarm> insert(Connection connection, NewAlarm report, String storedId, FirstSteps firstSteps)
            throws SQLException {
        Alarm raised = report.asRaisedUnder(storedId);
        long received = raised.receivedAt().toEpochMilli();
        // No conflict target: the id's key and the unit's own (device_id, unit_alarm_id) both end in nothing.
        PreparedStatement insert = prepared(connection, "INSERT INTO alarm (" + INSERT_COLUMNS
                + ", escalation_step, next_escalation_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
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
        insert.setObject(15, firstSteps.nextAt() == null ? null : firstSteps.nextAt().toEpochMilli());
        if (insert.executeUpdate() == 0) {
            return Optional.empty();
        }
        // The timeline's lines in one statement, and who was rung in another: a call and its first steps
        // cost three statements however many steps fired.
        List<TimelineEntry> lines = new ArrayList<>(firstSteps.notes().size() + 1);
        lines.add(new TimelineEntry(raised.receivedAt(), AlarmState.RECEIVED.name(), "device:" + raised.deviceId(),
                report.origin(), raised.problem()));
        lines.addAll(firstSteps.notes());
        appendTimeline(connection, raised.id(), lines);
        List<Notified> rang = new ArrayList<>();
        for (FirstSteps.Rang step : firstSteps.rang()) {
            for (String person : step.staffIds().isEmpty() ? java.util.Collections.<String>singleton(null) : step.staffIds()) {
                rang.add(new Notified(step.step(), step.audiences(), person));
            }
        }
        if (!rang.isEmpty()) {
            insertRinging(connection, raised.id(), rang, raised.receivedAt());
        }
        // Exactly the row just written, without reading it back.
        return Optional.of(firstSteps.fired() == 0 ? raised : withSteps(raised, firstSteps));
    }

    private static Alarm withSteps(Alarm raised, FirstSteps steps) {
        return new Alarm(raised.id(), raised.deviceId(), raised.kind(), raised.source(), raised.state(), raised.raisedAt(),
                raised.receivedAt(), raised.seq(), raised.test(), raised.pressCount(), raised.lastPressAt(),
                raised.problem(), raised.updatedAt(), new Alarm.Handling(null, null, null, null, null, null, null,
                steps.fired(), steps.nextAt() == null ? null : Instant.ofEpochMilli(steps.nextAt().toEpochMilli())),
                raised.unitAlarmId());
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
        appendTimeline(connection, open.id(), new TimelineEntry(press.receivedAt(), "PRESSED_AGAIN",
                "device:" + press.deviceId(), press.origin(), "press " + press.id()));
        return selectOne(connection, open.id());
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

    /** Timeline lines in one statement, in their order (the SQL is compiled once for each number of lines). */
    private void appendTimeline(Connection connection, String alarmId, List<TimelineEntry> entries) throws SQLException {
        if (entries.size() == 1) {
            appendTimeline(connection, alarmId, entries.getFirst());
            return;
        }
        PreparedStatement insert = prepared(connection, "INSERT INTO alarm_timeline (alarm_id, at, action, actor, origin,"
                + " note) VALUES " + String.join(", ", java.util.Collections.nCopies(entries.size(), "(?, ?, ?, ?, ?, ?)")));
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

    private void appendTimeline(Connection connection, String alarmId, TimelineEntry entry) throws SQLException {
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
     * A statement of the alarm path, compiled once on the writer's connection: compiling SQL costs more
     * than running it. Only the writer thread uses these, so the map needs no lock; they are never closed
     * by their users, and close with the connection.
     */
    private PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = writerStatements.get(sql);
        if (statement == null || statement.isClosed() || statement.getConnection() != connection) {
            statement = connection.prepareStatement(sql);
            writerStatements.put(sql, statement);
        }
        return statement;
    }

    private Alarm selectOne(Connection connection, String alarmId) throws SQLException {
        return current(connection, "WHERE id = ?", alarmId).orElseThrow();
    }

    /** A call as the writer sees it inside its transaction, through a statement compiled once. */
    private Optional<Alarm> current(Connection connection, String where, Object... args) throws SQLException {
        List<Alarm> alarms = rows(prepared(connection, "SELECT " + COLUMNS + " FROM alarm " + where), args);
        return alarms.isEmpty() ? Optional.empty() : Optional.of(alarms.getFirst());
    }

    private static Optional<Alarm> select(Connection connection, String where, Object... args) throws SQLException {
        List<Alarm> alarms = selectAll(connection, where, args);
        return alarms.isEmpty() ? Optional.empty() : Optional.of(alarms.getFirst());
    }

    private static List<Alarm> selectAll(Connection connection, String where, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm " + where)) {
            return rows(query, args);
        }
    }

    private static List<Alarm> rows(PreparedStatement query, Object... args) throws SQLException {
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
                                rows.getInt(21), instant(rows, 22)), rows.getString(23)));
            }
        }
        return alarms;
    }
}
