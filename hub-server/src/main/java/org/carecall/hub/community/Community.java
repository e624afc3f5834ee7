package org.carecall.hub.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carecall.hub.store.Database;
import org.carecall.protocol.MessageIds;

/** Sites, their areas and their residents' files, in the hub's database. */
public final class Community {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Clock clock;

    public Community(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Site addSite(String name, ZoneId timezone) {
        Site site = new Site(MessageIds.next(), name, timezone);
        write("INSERT INTO site (id, name, timezone, created_at) VALUES (?, ?, ?, ?)", site.id(), name,
                timezone.getId(), clock.millis());
        return site;
    }

    public Area addArea(String siteId, String name) {
        site(siteId).orElseThrow(() -> new IllegalArgumentException("no site '" + siteId + "'"));
        Area area = new Area(MessageIds.next(), siteId, name);
        write("INSERT INTO area (id, site_id, name) VALUES (?, ?, ?)", area.id(), siteId, name);
        return area;
    }

    public List<Site> sites() throws SQLException {
        return query("SELECT id, name, timezone FROM site ORDER BY name", rows ->
                new Site(rows.getString(1), rows.getString(2), ZoneId.of(rows.getString(3))));
    }

    public Optional<Site> site(String id) {
        try {
            return first(query("SELECT id, name, timezone FROM site WHERE id = ?", rows ->
                    new Site(rows.getString(1), rows.getString(2), ZoneId.of(rows.getString(3))), id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Area> areas() throws SQLException {
        return query("SELECT id, site_id, name FROM area ORDER BY name", Community::area);
    }

    public Optional<Area> area(String id) throws SQLException {
        return first(query("SELECT id, site_id, name FROM area WHERE id = ?", Community::area, id));
    }

    /** Stores a new file or replaces an existing one (same id). */
    public Resident saveResident(Resident resident) throws SQLException {
        if (area(resident.areaId()).isEmpty()) {
            throw new IllegalArgumentException("no area '" + resident.areaId() + "'");
        }
        Resident stored = resident.id() != null ? resident : new Resident(MessageIds.next(), resident.areaId(),
                resident.name(), resident.address(), resident.room(), resident.dateOfBirth(), resident.language(),
                resident.healthNotes(), resident.emergencyContacts(), resident.riskLevel());
        long now = clock.millis();
        write("INSERT INTO resident (id, area_id, name, address, room, date_of_birth, language, health_notes,"
                        + " contacts_json, risk_level, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET area_id = excluded.area_id, name = excluded.name,"
                        + " address = excluded.address, room = excluded.room, date_of_birth = excluded.date_of_birth,"
                        + " language = excluded.language, health_notes = excluded.health_notes,"
                        + " contacts_json = excluded.contacts_json, risk_level = excluded.risk_level,"
                        + " updated_at = excluded.updated_at",
                stored.id(), stored.areaId(), stored.name(), stored.address(), stored.room(),
                stored.dateOfBirth() == null ? null : stored.dateOfBirth().toString(), stored.language(),
                stored.healthNotes(), contactsJson(stored.emergencyContacts()), stored.riskLevel().name(), now, now);
        return stored;
    }

    public Optional<Resident> resident(String id) throws SQLException {
        return first(query(RESIDENT_COLUMNS + " WHERE id = ?", Community::resident, id));
    }

    /** A page of residents, by name, optionally of one area. */
    public List<Resident> residents(String areaId, int limit, int offset) throws SQLException {
        return areaId == null
                ? query(RESIDENT_COLUMNS + " ORDER BY name, id LIMIT ? OFFSET ?", Community::resident, limit, offset)
                : query(RESIDENT_COLUMNS + " WHERE area_id = ? ORDER BY name, id LIMIT ? OFFSET ?", Community::resident,
                        areaId, limit, offset);
    }

    public int residentCount(String areaId) throws SQLException {
        return areaId == null
                ? query("SELECT COUNT(*) FROM resident", rows -> rows.getInt(1)).getFirst()
                : query("SELECT COUNT(*) FROM resident WHERE area_id = ?", rows -> rows.getInt(1), areaId).getFirst();
    }

    private static final String RESIDENT_COLUMNS = "SELECT id, area_id, name, address, room, date_of_birth, language,"
            + " health_notes, contacts_json, risk_level FROM resident";

    private static Area area(ResultSet rows) throws SQLException {
        return new Area(rows.getString(1), rows.getString(2), rows.getString(3));
    }

    private static Resident resident(ResultSet rows) throws SQLException {
        String born = rows.getString(6);
        try {
            return new Resident(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                    rows.getString(5), born == null ? null : LocalDate.parse(born), rows.getString(7), rows.getString(8),
                    JSON.readValue(rows.getString(9), new TypeReference<List<Resident.Contact>>() { }),
                    Resident.RiskLevel.valueOf(rows.getString(10)));
        } catch (JsonProcessingException e) {
            throw new SQLException("a resident's contacts are unreadable", e);
        }
    }

    private static String contactsJson(List<Resident.Contact> contacts) {
        try {
            return JSON.writeValueAsString(contacts == null ? List.of() : contacts);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) throws SQLException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    query.setObject(i + 1, args[i]);
                }
                List<T> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(row.read(rows));
                    }
                }
                return found;
            }
        });
    }

    private void write(String sql, Object... args) {
        database.writer().routine(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                return statement.executeUpdate();
            }
        }).join();
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }
}
