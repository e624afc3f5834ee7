package org.carecall.hub.workorders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;

/**
 * Work orders and their timelines in the store; the only writer of their tables, always on the routine lane,
 * so a call never waits behind an order.
 *
 * <p>Guarantees: an order is opened once per source key (the same need of the same visit, the same press),
 * however often and on however many nodes it is asked; a move is one UPDATE guarded by the states its row in
 * {@link WorkOrderMove} may leave, so a move out of order changes nothing and answers the current state, and of
 * two racing moves exactly one wins; every change writes its timeline row in the same transaction; a service-key
 * press is taken once per event id; a flag and an appointment's reminder are each claimed once.
 */
public final class WorkOrders {
    static final String COLUMNS = "o.id, o.resident_id, o.category, o.note, o.source, o.device_id, o.state,"
            + " o.reported_at, o.reported_by, o.press_count, o.assignee_id, o.assignee_name, o.assigned_at, o.started_at,"
            + " o.done_at, o.outcome, o.done_note, o.followed_up_at, o.satisfied, o.follow_up_note, o.cancelled_at,"
            + " o.cancel_reason, o.appointment_at, o.flagged_at";
    private static final int COLUMN_COUNT = 24;

    private final Database database;
    private final Clock clock;
    private final Map<WorkOrderMove, String> updates = new EnumMap<>(WorkOrderMove.class);

    public WorkOrders(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        for (WorkOrderMove move : WorkOrderMove.values()) {
            updates.put(move, "UPDATE work_order SET state = ?" + move.sets().stream()
                    .map(field -> ", " + field.column + " = ?").collect(Collectors.joining())
                    + " WHERE id = ? AND state IN (" + move.from().stream().map(state -> "'" + state.name() + "'")
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    /** Who made a change and from where: the console's address, or "unit" for her key. */
    public record Actor(String id, String name, String origin) {
        public static final Actor HUB = new Actor("hub", null, "hub");
    }

    /** An order to open: {@code sourceKey} makes it once (e.g. "VISIT:visit id:need index"). */
    public record NewOrder(String sourceKey, String residentId, String category, String note, String source,
                           String deviceId) {
    }

    /** An order on a list, with the resident's name and grid. */
    public record Listed(WorkOrder order, String name, String areaId) {
    }

    /** Which orders a list holds: of these grids, and optionally in a state, of a resident, of a category. */
    public record Filter(Collection<String> areaIds, WorkOrderState state, String residentId, String category,
                         boolean openOnly) {
    }

    /** What a move did: moved the order, or found it in a state the move may not leave, or found no order. */
    public sealed interface Result {
    }

    public record Moved(WorkOrder order) implements Result {
    }

    public record Refused(WorkOrderState current) implements Result {
    }

    public record Missing() implements Result {
    }

    /** What a press did: opened an order, counted on her waiting one, or nothing (a resend of the same press). */
    public record Press(WorkOrder order, boolean opened, boolean counted) {
    }

    /** Opens each order unless its source key was opened before: the orders, new or as stored. */
    public CompletableFuture<List<WorkOrder>> open(List<NewOrder> orders, Actor actor) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            List<WorkOrder> opened = new ArrayList<>();
            for (NewOrder order : orders) {
                opened.add(open(connection, order, actor, now));
            }
            return opened;
        });
    }

    /**
     * A press of her service key, once per event id: a new order, or one more press on her key's order while
     * it is still REPORTED. A resend of a press already taken changes nothing.
     */
    public CompletableFuture<Press> press(String eventId, String deviceId, String residentId) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            if (update(connection, "INSERT INTO work_order_press (event_id, device_id, pressed_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (event_id) DO NOTHING", eventId, deviceId, now.toEpochMilli()) == 0) {
                String orderId = text(connection, "SELECT order_id FROM work_order_press WHERE event_id = ?", eventId);
                return new Press(orderId == null ? null : find(connection, orderId).orElse(null), false, false);
            }
            Actor unit = new Actor(deviceId, null, "unit");
            String waiting = text(connection, "SELECT id FROM work_order WHERE resident_id = ? AND source = 'KEY'"
                    + " AND state = 'REPORTED' ORDER BY reported_at DESC LIMIT 1", residentId);
            boolean counted = waiting != null && update(connection, "UPDATE work_order SET press_count = press_count + 1"
                    + " WHERE id = ? AND state = 'REPORTED'", waiting) == 1;
            WorkOrder order;
            if (counted) {
                entry(connection, waiting, now, "PRESSED", unit, null);
                order = find(connection, waiting).orElseThrow();
            } else {
                order = open(connection, new NewOrder("KEY:" + eventId, residentId, "OTHER", null, WorkOrder.KEY,
                        deviceId), unit, now);
            }
            update(connection, "UPDATE work_order_press SET order_id = ? WHERE event_id = ?", order.id(), eventId);
            return new Press(order, !counted, counted);
        });
    }

    /** Makes a move if the order is in a state it may leave, with its timeline row. */
    public CompletableFuture<Result> move(String id, WorkOrderMove move, WorkOrderMove.Facts facts, Actor actor) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            List<Object> args = new ArrayList<>();
            args.add(move.to().name());
            move.sets().forEach(field -> args.add(facts.value(field, now)));
            args.add(id);
            if (update(connection, updates.get(move), args.toArray()) == 0) {
                Optional<WorkOrder> current = find(connection, id);
                return current.<Result>map(order -> new Refused(order.state())).orElse(new Missing());
            }
            String note = move == WorkOrderMove.TAKE || move == WorkOrderMove.ASSIGN ? facts.staffName()
                    : move == WorkOrderMove.DONE ? join(facts.outcome(), facts.note())
                    : move == WorkOrderMove.FOLLOW_UP ? join(Boolean.TRUE.equals(facts.satisfied()) ? "satisfied"
                    : "not satisfied", facts.note()) : facts.note();
            entry(connection, id, now, move.to().name(), actor, note);
            return new Moved(find(connection, id).orElseThrow());
        });
    }

    /** Sets (or clears) the agreed visit time of an open order; its reminder is then due again. */
    public CompletableFuture<Result> appoint(String id, Instant appointmentAt, Actor actor) {
        return database.writer().routine(connection -> {
            if (update(connection, "UPDATE work_order SET appointment_at = ?, appointment_told_at = NULL WHERE id = ?"
                    + " AND state IN ('REPORTED', 'ASSIGNED', 'IN_PROGRESS')",
                    appointmentAt == null ? null : appointmentAt.toEpochMilli(), id) == 0) {
                return find(connection, id).<Result>map(order -> new Refused(order.state())).orElse(new Missing());
            }
            entry(connection, id, clock.instant(), "APPOINTMENT", actor,
                    appointmentAt == null ? "cleared" : appointmentAt.toString());
            return new Moved(find(connection, id).orElseThrow());
        });
    }

    /** Flags an order still unassigned, once however many nodes sweep: true for the one that flagged it. */
    public CompletableFuture<Boolean> flag(String id, String why) {
        return claim("UPDATE work_order SET flagged_at = ? WHERE id = ? AND flagged_at IS NULL AND state = 'REPORTED'",
                id, "FLAGGED", why);
    }

    /** Claims the telling of an appointment to her unit, once: true for the one that may tell it. */
    public CompletableFuture<Boolean> claimAppointmentReminder(String id) {
        return claim("UPDATE work_order SET appointment_told_at = ? WHERE id = ? AND appointment_told_at IS NULL"
                + " AND appointment_at IS NOT NULL", id, "APPOINTMENT_TOLD", null);
    }

    /** One guarded UPDATE setting a time: the node whose update changed the row won, and writes the row. */
    private CompletableFuture<Boolean> claim(String sql, String id, String action, String note) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            boolean won = update(connection, sql, now.toEpochMilli(), id) == 1;
            if (won) {
                entry(connection, id, now, action, Actor.HUB, note);
            }
            return won;
        });
    }

    // --- reads ---

    public Optional<WorkOrder> find(String id) throws StoreException {
        return database.read(connection -> find(connection, id));
    }

    public Optional<WorkOrder.WithTimeline> withTimeline(String id) throws StoreException {
        return database.read(connection -> {
            Optional<WorkOrder> order = find(connection, id);
            if (order.isEmpty()) {
                return Optional.empty();
            }
            List<WorkOrder.Entry> timeline = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT at, action, actor, actor_name, origin,"
                    + " note FROM work_order_move WHERE order_id = ? ORDER BY at, id")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        timeline.add(new WorkOrder.Entry(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
                    }
                }
            }
            return Optional.of(new WorkOrder.WithTimeline(order.get(), timeline));
        });
    }

    /** The orders of some grids (archived files left out), newest first. */
    public List<Listed> list(Filter filter) throws StoreException {
        if (filter.areaIds().isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", r.name, r.area_id FROM work_order o JOIN resident r"
                + " ON r.id = o.resident_id WHERE r.archived_at IS NULL AND r.area_id IN (");
        sql.append(filter.areaIds().stream().map(area -> "?").collect(Collectors.joining(", "))).append(")");
        List<Object> args = new ArrayList<>(filter.areaIds());
        if (filter.openOnly()) {
            sql.append(" AND o.state IN ('REPORTED', 'ASSIGNED', 'IN_PROGRESS', 'DONE')");
        }
        if (filter.state() != null) {
            sql.append(" AND o.state = ?");
            args.add(filter.state().name());
        }
        if (filter.residentId() != null) {
            sql.append(" AND o.resident_id = ?");
            args.add(filter.residentId());
        }
        if (filter.category() != null) {
            sql.append(" AND o.category = ?");
            args.add(filter.category());
        }
        sql.append(" ORDER BY o.reported_at DESC LIMIT 500");
        return listed(sql.toString(), args);
    }

    /** Orders the sweep looks at: reported and not yet flagged, and open ones with an appointment not yet told. */
    public List<Listed> waiting() throws StoreException {
        return listed("SELECT " + COLUMNS + ", r.name, r.area_id FROM work_order o JOIN resident r ON r.id = o.resident_id"
                + " WHERE (o.state = 'REPORTED' AND o.flagged_at IS NULL) OR (o.state IN ('REPORTED', 'ASSIGNED',"
                + " 'IN_PROGRESS') AND o.appointment_at IS NOT NULL AND o.appointment_told_at IS NULL) LIMIT 2000",
                List.of());
    }

    private List<Listed> listed(String sql, List<Object> args) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                List<Listed> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Listed(order(rows), rows.getString(COLUMN_COUNT + 1),
                                rows.getString(COLUMN_COUNT + 2)));
                    }
                }
                return found;
            }
        });
    }

    // --- inside the writer's transaction ---

    private static WorkOrder open(Connection connection, NewOrder order, Actor actor, Instant now) throws SQLException {
        String id = MessageIds.next();
        int inserted = update(connection, "INSERT INTO work_order (id, source_key, resident_id, category, note, source,"
                + " device_id, state, reported_at, reported_by, press_count) VALUES (?, ?, ?, ?, ?, ?, ?, 'REPORTED', ?, ?, 1)"
                + " ON CONFLICT (source_key) DO NOTHING", id, order.sourceKey(), order.residentId(), order.category(),
                order.note(), order.source(), order.deviceId(), now.toEpochMilli(), actor.id());
        if (inserted == 1) {
            entry(connection, id, now, "REPORTED", actor, order.source());
            return find(connection, id).orElseThrow();
        }
        return find(connection, text(connection, "SELECT id FROM work_order WHERE source_key = ?", order.sourceKey()))
                .orElseThrow();
    }

    private static void entry(Connection connection, String orderId, Instant at, String action, Actor actor, String note)
            throws SQLException {
        update(connection, "INSERT INTO work_order_move (id, order_id, at, action, actor, actor_name, origin, note)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", MessageIds.next(), orderId, at.toEpochMilli(), action, actor.id(),
                actor.name(), actor.origin(), note);
    }

    private static Optional<WorkOrder> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM work_order o WHERE o.id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(order(rows)) : Optional.empty();
            }
        }
    }

    static WorkOrder order(ResultSet rows) throws SQLException {
        int satisfied = rows.getInt(19);
        Boolean wasSatisfied = rows.wasNull() ? null : satisfied == 1;
        return new WorkOrder(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), WorkOrderState.of(rows.getString(7)), instant(rows, 8),
                rows.getString(9), rows.getInt(10), rows.getString(11), rows.getString(12), instant(rows, 13),
                instant(rows, 14), instant(rows, 15), rows.getString(16), rows.getString(17), instant(rows, 18),
                wasSatisfied, rows.getString(20), instant(rows, 21), rows.getString(22), instant(rows, 23),
                instant(rows, 24));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static String join(String first, String second) {
        return second == null || second.isBlank() ? first : first == null ? second : first + ": " + second;
    }

    private static String text(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        }
    }
}
