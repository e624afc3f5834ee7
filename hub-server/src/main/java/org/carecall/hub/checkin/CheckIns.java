package org.carecall.hub.checkin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * The 平安 check-ins in the store: each resident's plan, her days and the steps of each day's ladder; the only
 * writer of their tables, always on the store's routine lane, so a call never waits behind a check-in.
 *
 * <p>Guarantees: a day is made once (resident and day are its key); a step of a day's ladder is claimed once
 * whichever node claims it ({@link #claimStep} answers true to one caller only); a day closes once, and a
 * later close (a resend, a second confirmation) changes nothing; the day counts as missed from its listing
 * point on, and stays counted as missed after a late close.
 */
public final class CheckIns {
    private static final String DAY_COLUMNS = "resident_id, day, deadline_at, state, missed, late, closed_at, closed_by,"
            + " closer_name, relation, note, claimed_by, claimed_name, claimed_at, alarm_id, family_due_at";

    private final Database database;
    private final Clock clock;

    public CheckIns(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** A day to make: from a plan that expects it, with the deadline it had when the day was made. */
    public record NewDay(String residentId, LocalDate day, Instant deadlineAt) {
    }

    /** How a day closes: by her key (with the press's id and time), by staff, or by family as told to staff. */
    public record Close(String residentId, LocalDate day, Instant deadlineAt, String by, String name, String relation,
                        String note, String eventId, Instant at) {
    }

    /** A close as stored: the day after it, and whether this close closed it (false: it was closed before). */
    public record Closed(CheckInDay day, boolean first) {
    }

    /** A day's row with what Today shows of the resident: for the lists and the report. */
    public record Listed(CheckInDay day, String name, String address, String room, String phone, String areaId) {
    }

    // --- plans ---
    /** Stores a plan; {@code enabledAt} moves to now only when the plan is switched on (or made on). */
    public CompletableFuture<CheckInPlan> savePlan(CheckInPlan plan) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            Optional<CheckInPlan> before = plan(connection, plan.residentId());
            Instant enabledAt = before.filter(CheckInPlan::enabled).map(CheckInPlan::enabledAt).orElse(now);
            CheckInPlan stored = new CheckInPlan(plan.residentId(), plan.enabled(), plan.deadline(), plan.awayFrom(),
                    plan.awayUntil(), enabledAt, now, plan.updatedBy());
            update(connection, "INSERT INTO check_in_plan (resident_id, enabled, deadline, away_from, away_until,"
                            + " enabled_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resident_id)"
                            + " DO UPDATE SET enabled = excluded.enabled, deadline = excluded.deadline, away_from ="
                            + " excluded.away_from, away_until = excluded.away_until, enabled_at = excluded.enabled_at,"
                            + " updated_at = excluded.updated_at, updated_by = excluded.updated_by", stored.residentId(),
                    stored.enabled() ? 1 : 0, stored.deadline().toString(), text(stored.awayFrom()),
                    text(stored.awayUntil()), enabledAt.toEpochMilli(), now.toEpochMilli(), stored.updatedBy());
            return stored;
        });
    }

    public Optional<CheckInPlan> plan(String residentId) throws StoreException {
        return database.read(connection -> plan(connection, residentId));
    }

    /** Every plan that is on, by resident. */
    public Map<String, CheckInPlan> enabledPlans() throws StoreException {
        return database.read(connection -> {
            Map<String, CheckInPlan> found = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT resident_id, enabled, deadline, away_from,"
                    + " away_until, enabled_at, updated_at, updated_by FROM check_in_plan WHERE enabled = 1")) {
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        CheckInPlan plan = plan(rows);
                        found.put(plan.residentId(), plan);
                    }
                }
            }
            return found;
        });
    }

    /** How many plans there are and when one was last saved, on any node: equal answers, no plan changed. */
    public String plansChanged() throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*), MAX(updated_at) FROM check_in_plan");
                 ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) + "/" + rows.getLong(2) : "";
            }
        });
    }

    // --- days ---
    /** Makes the days that are not there yet, in one routine write: the days made. */
    public CompletableFuture<Integer> makeDays(List<NewDay> days) {
        return database.writer().routine(connection -> {
            int made = 0;
            long now = clock.millis();
            for (NewDay day : days) {
                made += insertDay(connection, day.residentId(), day.day(), day.deadlineAt(), now);
            }
            return made;
        });
    }

    /** The days of these residents from {@code since} on that are known (made), by resident. */
    public Set<String> daysMade(LocalDate day) throws StoreException {
        return database.read(connection -> {
            Set<String> found = new HashSet<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT resident_id FROM check_in_day WHERE day = ?")) {
                query.setString(1, day.toString());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            return found;
        });
    }

    /** The open days from {@code since} on, due by {@code dueBy} (no step comes before the deadline), with their steps done. */
    public List<CheckInDay> openDays(LocalDate since, Instant dueBy) throws StoreException {
        return database.read(connection -> {
            List<CheckInDay> due = days(connection, CheckInDay.OPEN_SQL + " AND day >= ? AND deadline_at <= ?",
                    since.toString(), dueBy.toEpochMilli());
            if (due.isEmpty()) {
                return due;
            }
            Map<String, Set<String>> steps = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT s.resident_id, s.day, s.step FROM"
                    + " check_in_step s JOIN check_in_day d ON d.resident_id = s.resident_id AND d.day = s.day"
                    + " WHERE d." + CheckInDay.OPEN_SQL + " AND d.day >= ? AND d.deadline_at <= ?")) {
                bind(query, since.toString(), dueBy.toEpochMilli());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        steps.computeIfAbsent(rows.getString(1) + "/" + rows.getString(2), key -> new HashSet<>())
                                .add(rows.getString(3));
                    }
                }
            }
            return due.stream().map(day -> day.withSteps(steps.get(day.residentId() + "/" + day.day()))).toList();
        });
    }

    /** The earliest deadline still to come of an open day from {@code since} on; empty when there is none. */
    public Optional<Instant> nextDeadline(LocalDate since, Instant after) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT MIN(deadline_at) FROM check_in_day WHERE "
                    + CheckInDay.OPEN_SQL + " AND day >= ? AND deadline_at > ?")) {
                bind(query, since.toString(), after.toEpochMilli());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(instant(rows, 1)) : Optional.<Instant>empty();
                }
            }
        });
    }

    /** A resident's days from {@code from} to {@code to}, both included, oldest first. */
    public List<CheckInDay> days(String residentId, LocalDate from, LocalDate to) throws StoreException {
        return database.read(connection -> days(connection, "resident_id = ? AND day >= ? AND day <= ?", residentId,
                from.toString(), to.toString()));
    }

    public Optional<CheckInDay> day(String residentId, LocalDate day) throws StoreException {
        return database.read(connection -> day(connection, residentId, day));
    }

    /**
     * Claims one step of a day's ladder: true for the one caller, on whichever node, that inserted it. The
     * listing step also marks the day as missed; the family step records that family is due (and, in the
     * overload below, stores the family's messages in the same transaction).
     */
    public CompletableFuture<Boolean> claimStep(String residentId, LocalDate day, CheckInLadder.Step step, String outcome) {
        return claimStep(residentId, day, step, outcome, Alongside.NONE);
    }

    /** The same, with what the step stores beside it (the family's messages), written only if it was claimed. */
    public CompletableFuture<Boolean> claimStep(String residentId, LocalDate day, CheckInLadder.Step step, String outcome,
                                                Alongside letters) {
        return database.writer().routine(connection -> {
            long now = clock.millis();
            int claimed = update(connection, "INSERT INTO check_in_step (resident_id, day, step, done_at, outcome)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (resident_id, day, step) DO NOTHING", residentId,
                    day.toString(), step.key(), now, outcome);
            if (claimed == 1 && step.kind() == CheckInLadder.Kind.LIST) {
                update(connection, "UPDATE check_in_day SET state = 'MISSED', missed = 1 WHERE resident_id = ?"
                        + " AND day = ? AND state = 'WAITING'", residentId, day.toString());
            } else if (claimed == 1 && step.kind() == CheckInLadder.Kind.FAMILY) {
                update(connection, "UPDATE check_in_day SET family_due_at = ? WHERE resident_id = ? AND day = ?", now,
                        residentId, day.toString());
                letters.write(connection);
            }
            return claimed == 1;
        });
    }

    /** Gives a claimed step back (doing it failed): the next sweep, here or on another node, tries again. */
    public CompletableFuture<Void> releaseStep(String residentId, LocalDate day, String step) {
        return database.writer().routine(connection -> {
            update(connection, "DELETE FROM check_in_step WHERE resident_id = ? AND day = ? AND step = ?", residentId,
                    day.toString(), step);
            return null;
        });
    }

    /** The steps done for a day, with their outcome, by key. */
    public Map<String, String> steps(String residentId, LocalDate day) throws StoreException {
        return database.read(connection -> {
            Map<String, String> found = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT step, outcome FROM check_in_step"
                    + " WHERE resident_id = ? AND day = ?")) {
                bind(query, residentId, day.toString());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return found;
        });
    }

    /** The CHECK_IN_MISSED call raised for a day: the day after. */
    public CompletableFuture<Optional<CheckInDay>> callRaised(String residentId, LocalDate day, String alarmId) {
        return database.writer().routine(connection -> {
            update(connection, "UPDATE check_in_day SET alarm_id = ? WHERE resident_id = ? AND day = ?", alarmId,
                    residentId, day.toString());
            return day(connection, residentId, day);
        });
    }

    /**
     * Closes a day once. A press for a day not made yet (she pressed before the sweep made it) makes it closed.
     * {@code listAfter}: a close the hub learns of after the day's listing point is late, and the day counts
     * as missed.
     */
    public CompletableFuture<Closed> close(Close close, Duration listAfter) {
        return database.writer().routine(connection -> {
            Instant now = clock.instant();
            insertDay(connection, close.residentId(), close.day(), close.deadlineAt(), now.toEpochMilli());
            CheckInDay before = day(connection, close.residentId(), close.day()).orElseThrow();
            if (!before.open()) {
                return new Closed(before, false);
            }
            boolean late = before.missed() || !now.isBefore(before.deadlineAt().plus(listAfter));
            update(connection, "UPDATE check_in_day SET state = 'CONFIRMED', closed_at = ?, closed_by = ?, closer_name = ?,"
                            + " relation = ?, note = ?, event_id = ?, late = ?, missed = ? WHERE resident_id = ? AND day = ?"
                            + " AND " + CheckInDay.OPEN_SQL, close.at().toEpochMilli(), close.by(), close.name(),
                    close.relation(), close.note(), close.eventId(), late ? 1 : 0, late ? 1 : 0, close.residentId(),
                    close.day().toString());
            return new Closed(day(connection, close.residentId(), close.day()).orElseThrow(), true);
        });
    }

    /** A worker's "I'm on it" on an open day: the first one's name is kept; empty if there is no such open day. */
    public CompletableFuture<Optional<CheckInDay>> claim(String residentId, LocalDate day, String staffId, String name) {
        return database.writer().routine(connection -> {
            update(connection, "UPDATE check_in_day SET claimed_by = ?, claimed_name = ?, claimed_at = ? WHERE resident_id"
                    + " = ? AND day = ? AND " + CheckInDay.OPEN_SQL + " AND claimed_at IS NULL", staffId, name, clock.millis(),
                    residentId, day.toString());
            return day(connection, residentId, day);
        });
    }

    /** The days listed on Today (open, past their listing point) of the residents of these grids. */
    public List<Listed> listed(Collection<String> areaIds) throws StoreException {
        return joined(areaIds, "d.state = 'MISSED'");
    }

    /** The days from {@code from} to {@code to} of the residents of these grids: for the monthly report. */
    public List<Listed> between(Collection<String> areaIds, LocalDate from, LocalDate to) throws StoreException {
        return joined(areaIds, "d.day >= ? AND d.day <= ?", from.toString(), to.toString());
    }

    // --- inside a read or the writer's transaction ---
    private List<Listed> joined(Collection<String> areaIds, String where, Object... args) throws StoreException {
        if (areaIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", areaIds.stream().map(id -> "?").toList());
        return database.read(connection -> {
            String columns = DAY_COLUMNS.replaceAll("(^|, )", "$1d.");
            try (PreparedStatement query = connection.prepareStatement("SELECT " + columns + ", r.name, r.address, r.room,"
                    + " r.phone, r.area_id FROM check_in_day d JOIN resident r ON r.id = d.resident_id WHERE " + where
                    + " AND r.archived_at IS NULL AND r.area_id IN (" + marks + ") ORDER BY d.deadline_at, r.name")) {
                bind(query, Stream.concat(Stream.of(args), areaIds.stream()).toArray());
                List<Listed> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Listed(day(rows), rows.getString(17), rows.getString(18), rows.getString(19),
                                rows.getString(20), rows.getString(21)));
                    }
                }
                return found;
            }
        });
    }

    private static int insertDay(Connection connection, String residentId, LocalDate day, Instant deadlineAt, long now)
            throws SQLException {
        return update(connection, "INSERT INTO check_in_day (resident_id, day, deadline_at, state, created_at) VALUES"
                        + " (?, ?, ?, 'WAITING', ?) ON CONFLICT (resident_id, day) DO NOTHING", residentId, day.toString(),
                deadlineAt.toEpochMilli(), now);
    }

    private static Optional<CheckInPlan> plan(Connection connection, String residentId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT resident_id, enabled, deadline, away_from,"
                + " away_until, enabled_at, updated_at, updated_by FROM check_in_plan WHERE resident_id = ?")) {
            query.setString(1, residentId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(plan(rows)) : Optional.empty();
            }
        }
    }

    private static CheckInPlan plan(ResultSet rows) throws SQLException {
        return new CheckInPlan(rows.getString(1), rows.getInt(2) == 1, LocalTime.parse(rows.getString(3)),
                date(rows.getString(4)), date(rows.getString(5)), Instant.ofEpochMilli(rows.getLong(6)),
                Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8));
    }

    private static Optional<CheckInDay> day(Connection connection, String residentId, LocalDate day) throws SQLException {
        List<CheckInDay> found = days(connection, "resident_id = ? AND day = ?", residentId, day.toString());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<CheckInDay> days(Connection connection, String where, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + DAY_COLUMNS + " FROM check_in_day WHERE "
                + where + " ORDER BY day, resident_id")) {
            bind(query, args);
            List<CheckInDay> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(day(rows));
                }
            }
            return found;
        }
    }

    private static CheckInDay day(ResultSet rows) throws SQLException {
        return new CheckInDay(rows.getString(1), LocalDate.parse(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)),
                rows.getString(4), rows.getInt(5) == 1, rows.getInt(6) == 1, instant(rows, 7), rows.getString(8),
                rows.getString(9), rows.getString(10), rows.getString(11), rows.getString(12), rows.getString(13),
                instant(rows, 14), rows.getString(15), instant(rows, 16), Set.of());
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static int bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return args.length;
    }

    private static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        }
    }
}
