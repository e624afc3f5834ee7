package org.carecall.hub.care;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;

/**
 * The care rounds in the store: visit tasks, visits and residents' major changes; the only writer of their
 * tables, always on the store's routine lane, so a call never waits behind a visit.
 *
 * <p>Guarantees: a task is made once whoever makes it, and however many hub nodes make it at the same
 * moment (its key is unique and it is inserted only if absent); an open task stays open, overdue or not,
 * until a visit fulfils it (only a cadence task not yet due is ever superseded, when the tier or a visit
 * moves the next visit); a visit is stored once per client id, and recording it fulfils, in the same
 * transaction, the open tasks it counts for: a visit that found her, every task opened before it; one that
 * did not, nothing but the earlier retries, and it adds a retry of its own without moving the cadence.
 */
public final class CareRounds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_COLUMNS = "t.id, t.resident_id, t.kind, t.tier, t.due_at, t.opened_at,"
            + " t.created_at, t.state, t.done_at, t.done_entered_at, t.visit_id, t.source_id";
    private static final String VISIT_COLUMNS = "id, resident_id, visited_at, entered_at, method, outcome, visitor,"
            + " staff_id, domains_json, needs_json, note, replaces_id";

    private final Database database;
    private final Clock clock;

    public CareRounds(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** What planning a resident's visits needs: her tier, her community's time zone and care policy. */
    public record Plan(String residentId, RiskLevel tier, ZoneId zone, CarePolicy policy) {
    }

    /** A visit as stored, and whether this post stored it (false: the same id was stored before). */
    public record Recorded(Visit visit, boolean first) {
    }

    /** An open task on someone's list, with what a visitor needs of the resident's file. */
    public record DueTask(VisitTask task, String name, String address, String room, String phone, String tier,
                          String areaId) {
    }

    /** Makes the next cadence task of each resident if absent, in one routine write: the tasks made. */
    public CompletableFuture<Integer> plan(List<Plan> plans) {
        return database.writer().routine(connection -> {
            int made = 0;
            Instant now = clock.instant();
            for (Plan plan : plans) {
                made += planCadence(connection, plan, now);
            }
            return made;
        });
    }

    /**
     * Stores a visit once per id and fulfils the tasks it counts for. A post of an id already stored changes
     * nothing and answers the stored visit.
     */
    public CompletableFuture<Recorded> record(Visit visit, Plan plan) {
        return database.writer().routine(connection -> {
            // When the hub heard of it: now, unless the caller says (a file of visits brought over from paper).
            Instant now = visit.enteredAt() != null ? visit.enteredAt() : clock.instant();
            Visit stored = new Visit(visit.id(), visit.residentId(), visit.visitedAt(), now, visit.method(),
                    visit.outcome(), visit.visitor(), visit.staffId(), visit.domains(), visit.needs(), visit.note(),
                    visit.replaces());
            int inserted = update(connection, "INSERT INTO visit (" + VISIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", stored.id(), stored.residentId(),
                    stored.visitedAt().toEpochMilli(), now.toEpochMilli(), stored.method(), stored.outcome(),
                    stored.visitor(), stored.staffId(), json(stored.domains()), json(stored.needs()), stored.note(),
                    stored.replaces());
            if (inserted == 0) {
                return new Recorded(visit(connection, stored.id()).orElseThrow(), false);
            }
            long at = stored.visitedAt().toEpochMilli();
            if (stored.replaces() != null) {
                // The correction takes the place of the visit it replaces on the tasks that one fulfilled.
                update(connection, "UPDATE visit_task SET visit_id = ? WHERE visit_id = ?", stored.id(), stored.replaces());
            } else if (stored.seen()) {
                update(connection, "UPDATE visit_task SET state = 'DONE', done_at = ?, done_entered_at = ?, visit_id = ?"
                        + " WHERE resident_id = ? AND state = 'OPEN' AND opened_at < ?", at, now.toEpochMilli(),
                        stored.id(), stored.residentId(), at);
            } else {
                update(connection, "UPDATE visit_task SET state = 'TRIED', done_at = ?, done_entered_at = ?, visit_id = ?"
                        + " WHERE resident_id = ? AND state = 'OPEN' AND kind = 'RETRY' AND opened_at < ?", at,
                        now.toEpochMilli(), stored.id(), stored.residentId(), at);
                insertTask(connection, "RETRY:" + stored.id(), stored.residentId(), "RETRY", plan.tier(),
                        VisitRules.retryDue(stored.visitedAt(), plan.zone(), plan.policy().notHomeRetryDays()),
                        stored.visitedAt(), now, stored.id());
            }
            planCadence(connection, plan, now);
            return new Recorded(stored, true);
        });
    }

    /** Stores a major change and the visit it asks for within the policy's hours. */
    public CompletableFuture<ResidentEvent> recordEvent(ResidentEvent event, Plan plan) {
        return database.writer().routine(connection -> {
            update(connection, "INSERT INTO resident_event (id, resident_id, kind, note, happened_at, recorded_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", event.id(), event.residentId(), event.kind(), event.note(),
                    event.happenedAt().toEpochMilli(), event.recordedBy());
            insertTask(connection, "EVENT:" + event.id(), event.residentId(), "EVENT", plan.tier(),
                    VisitRules.eventDue(event.happenedAt(), plan.policy().eventVisitHours()), event.happenedAt(),
                    clock.instant(), event.id());
            return event;
        });
    }

    public Optional<Visit> visit(String id) throws StoreException {
        return database.read(connection -> visit(connection, id));
    }

    /** A resident's visits, newest first, corrections and the visits they replace alike. */
    public List<Visit> visits(String residentId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + VISIT_COLUMNS
                    + " FROM visit WHERE resident_id = ? ORDER BY visited_at DESC, entered_at DESC")) {
                query.setString(1, residentId);
                return visits(query);
            }
        });
    }

    /** A resident's tasks, open and done, newest due first: none is ever dropped. */
    public List<VisitTask> tasks(String residentId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TASK_COLUMNS
                    + " FROM visit_task t WHERE t.resident_id = ? ORDER BY t.due_at DESC, t.id")) {
                query.setString(1, residentId);
                List<VisitTask> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(task(rows));
                    }
                }
                return found;
            }
        });
    }

    public List<ResidentEvent> events(String residentId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, resident_id, kind, note, happened_at,"
                    + " recorded_by FROM resident_event WHERE resident_id = ? ORDER BY happened_at DESC")) {
                query.setString(1, residentId);
                List<ResidentEvent> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new ResidentEvent(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), rows.getString(6)));
                    }
                }
                return found;
            }
        });
    }

    /** The open tasks due before a moment for the residents of these grids (archived files left out). */
    public List<DueTask> dueBefore(Collection<String> areaIds, Instant before) throws StoreException {
        if (areaIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", areaIds.stream().map(id -> "?").toList());
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TASK_COLUMNS + ", r.name, r.address,"
                    + " r.room, r.phone, r.risk_level, r.area_id FROM visit_task t JOIN resident r ON r.id = t.resident_id"
                    + " WHERE t.state = 'OPEN' AND t.due_at < ? AND r.archived_at IS NULL AND r.area_id IN (" + marks + ")")) {
                int i = 1;
                query.setLong(i++, before.toEpochMilli());
                for (String areaId : areaIds) {
                    query.setString(i++, areaId);
                }
                List<DueTask> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new DueTask(task(rows), rows.getString(13), rows.getString(14), rows.getString(15),
                                rows.getString(16), rows.getString(17), rows.getString(18)));
                    }
                }
                return found;
            }
        });
    }

    // --- inside the writer's transaction ---

    /**
     * The resident's next cadence task, from her last visit that found her (a replaced one does not count)
     * or the day her file was made. A cadence task not yet due that no longer follows is superseded; an
     * overdue one stays. Answers 1 when it made the task.
     */
    private static int planCadence(Connection connection, Plan plan, Instant now) throws SQLException {
        Long lastSeen = single(connection, "SELECT MAX(v.visited_at) FROM visit v WHERE v.resident_id = ?"
                + " AND v.outcome = 'SEEN' AND NOT EXISTS (SELECT 1 FROM visit c WHERE c.replaces_id = v.id)",
                plan.residentId());
        Long base = lastSeen != null ? lastSeen : single(connection, "SELECT created_at FROM resident WHERE id = ?",
                plan.residentId());
        if (base == null) {
            return 0; // no such file
        }
        Instant opened = Instant.ofEpochMilli(base);
        Instant due = VisitRules.cadenceDue(opened, plan.zone(), plan.policy().daysFor(plan.tier()));
        String key = "CADENCE:" + plan.residentId() + ":" + VisitRules.day(due, plan.zone());
        int made = insertTask(connection, key, plan.residentId(), "CADENCE", plan.tier(), due, opened, now, null);
        update(connection, "UPDATE visit_task SET state = 'SUPERSEDED' WHERE resident_id = ? AND kind = 'CADENCE'"
                + " AND state = 'OPEN' AND task_key <> ? AND due_at > ?", plan.residentId(), key, now.toEpochMilli());
        return made;
    }

    /** Inserts a task unless one with its key exists (a superseded cadence task with the key opens again). */
    private static int insertTask(Connection connection, String key, String residentId, String kind, RiskLevel tier,
                                  Instant due, Instant opened, Instant now, String sourceId) throws SQLException {
        return update(connection, "INSERT INTO visit_task (id, task_key, resident_id, kind, tier, due_at, opened_at,"
                        + " created_at, state, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)"
                        + " ON CONFLICT (task_key) DO UPDATE SET state = 'OPEN' WHERE visit_task.state = 'SUPERSEDED'",
                MessageIds.next(), key, residentId, kind, tier == null ? null : tier.name(), due.toEpochMilli(),
                opened.toEpochMilli(), now.toEpochMilli(), sourceId);
    }

    private static Optional<Visit> visit(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + VISIT_COLUMNS + " FROM visit WHERE id = ?")) {
            query.setString(1, id);
            List<Visit> found = visits(query);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<Visit> visits(PreparedStatement query) throws SQLException {
        List<Visit> found = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                found.add(new Visit(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)),
                        Instant.ofEpochMilli(rows.getLong(4)), rows.getString(5), rows.getString(6), rows.getString(7),
                        rows.getString(8), tree(rows.getString(9)), tree(rows.getString(10)), rows.getString(11),
                        rows.getString(12)));
            }
        }
        return found;
    }

    private static VisitTask task(ResultSet rows) throws SQLException {
        return new VisitTask(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                Instant.ofEpochMilli(rows.getLong(5)), Instant.ofEpochMilli(rows.getLong(6)),
                Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8), instant(rows, 9), instant(rows, 10),
                rows.getString(11), rows.getString(12));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static JsonNode tree(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a visit's domains or needs are unreadable", e);
        }
    }

    private static String json(JsonNode node) {
        return node == null ? "{}" : node.toString();
    }

    private static Long single(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                long value = rows.getLong(1);
                return rows.wasNull() ? null : value;
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
