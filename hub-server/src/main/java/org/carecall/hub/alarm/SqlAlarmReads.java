package org.carecall.hub.alarm;

import static org.carecall.hub.alarm.AlarmRows.ON_BOARD;
import static org.carecall.hub.alarm.AlarmRows.OPEN;
import static org.carecall.hub.alarm.AlarmRows.WAITING;
import static org.carecall.hub.alarm.AlarmRows.select;
import static org.carecall.hub.alarm.AlarmRows.selectAll;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carecall.hub.alarm.AlarmStore.OpenCount;
import org.carecall.hub.alarm.AlarmStore.Rung;
import org.carecall.hub.alarm.AlarmStore.TimelineEntry;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;

/** The alarm tables' read-only queries for {@link SqlAlarmStore}: the board, the reports, a call's story. */
final class SqlAlarmReads {
    private final Database database;

    SqlAlarmReads(Database database) {
        this.database = database;
    }

    Map<String, Rung> ringingNow() throws StoreException {
        return database.read(connection -> {
            Map<String, Set<String>> staff = new HashMap<>();
            Map<String, Set<String>> audiences = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT n.alarm_id, n.audience, n.staff_id"
                    + " FROM notification n JOIN alarm a ON a.id = n.alarm_id"
                    + " WHERE " + WAITING + " OR (a.state = '" + AlarmState.ACKNOWLEDGED.name()
                    + "' AND n.at > a.acknowledged_at)");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Set<String> rung = staff.computeIfAbsent(rows.getString(1), id -> new HashSet<>());
                    if (rows.getString(3) != null) {
                        rung.add(rows.getString(3));
                    }
                    Set<String> named = audiences.computeIfAbsent(rows.getString(1), id -> new HashSet<>());
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

    Map<String, Instant> lastTestCalls() throws StoreException {
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

    List<Alarm> dueForEscalation(Instant now, int limit) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE next_escalation_at IS NOT NULL AND "
                + "next_escalation_at <= ? AND " + OPEN + " ORDER BY next_escalation_at, id LIMIT ?",
                now.toEpochMilli(), limit));
    }

    List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, int limit, int offset) throws StoreException {
        return database.read(connection -> selectAll(connection, filter(openOnly, kinds)
                + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?", limit, offset));
    }

    int count(boolean openOnly, Set<AlarmKind> kinds) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM alarm " + filter(openOnly, kinds));
                 ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        });
    }

    List<Alarm> page(boolean openOnly, Set<AlarmKind> kinds, String siteId, int limit, int offset)
            throws StoreException {
        if (siteId == null) {
            return page(openOnly, kinds, limit, offset);
        }
        return database.read(connection -> selectAll(connection, filter(openOnly, kinds) + OF_SITE
                + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?", siteId, limit, offset));
    }

    int count(boolean openOnly, Set<AlarmKind> kinds, String siteId) throws StoreException {
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

    /**
     * A WHERE clause from fixed parts only: states and enum names, never caller text. Who may see UNKNOWN
     * calls also sees the kinds a newer hub node wrote, which this node reads as UNKNOWN.
     */
    private static String filter(boolean openOnly, Set<AlarmKind> kinds) {
        String kindIn = "kind IN (" + kindList(kinds) + ")";
        if (kinds.contains(AlarmKind.UNKNOWN)) {
            kindIn = "(" + kindIn + " OR kind NOT IN (" + kindList(EnumSet.allOf(AlarmKind.class)) + "))";
        }
        return "WHERE " + kindIn + (openOnly ? " AND " + ON_BOARD : "");
    }

    private static String kindList(Set<AlarmKind> kinds) {
        return kinds.stream().map(kind -> "'" + kind.name() + "'").collect(Collectors.joining(", "));
    }

    List<Alarm> recentOfResident(String residentId, int limit) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE device_id IN (SELECT id FROM device WHERE"
                + " resident_id = ?) ORDER BY received_at DESC, id LIMIT ?", residentId, limit));
    }

    List<Alarm> receivedBetween(Instant from, Instant to) throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE received_at >= ? AND received_at < ?"
                + " ORDER BY received_at", from.toEpochMilli(), to.toEpochMilli()));
    }

    Optional<Alarm> find(String alarmId) throws StoreException {
        return database.read(connection -> select(connection, "WHERE id = ?", alarmId));
    }

    List<Alarm> openAlarmsOf(String deviceId) throws StoreException {
        return database.read(connection -> selectAll(connection,
                "WHERE device_id = ? AND " + OPEN + " ORDER BY received_at", deviceId));
    }

    List<OpenCount> openCounts() throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT kind, state, COUNT(*) FROM alarm WHERE " + OPEN + " GROUP BY kind, state");
                 ResultSet rows = query.executeQuery()) {
                List<OpenCount> counts = new ArrayList<>();
                while (rows.next()) {
                    counts.add(new OpenCount(AlarmRows.kind(rows.getString(1)), AlarmState.valueOf(rows.getString(2)),
                            rows.getInt(3)));
                }
                return counts;
            }
        });
    }

    List<Alarm> openAlarms() throws StoreException {
        return database.read(connection -> selectAll(connection, "WHERE " + OPEN + " ORDER BY received_at"));
    }

    List<TimelineEntry> timeline(String alarmId) throws StoreException {
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

    int countById(String alarmId) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM alarm WHERE id = ?")) {
                query.setString(1, alarmId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }
}
