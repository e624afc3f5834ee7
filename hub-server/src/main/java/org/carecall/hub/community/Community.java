package org.carecall.hub.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.MessageIds;

/**
 * Sites, their areas and their residents' files, in the hub's database. A call's every hop looks up its
 * resident, grid and community, so those read once are kept in memory; this class is the only writer of
 * their tables and updates what it keeps as it writes. (Hubs that share one database will have to hear
 * of each other's changes before they may keep anything.)
 */
public final class Community {
    /** A tier a newer node wrote (read here as HIGH) stays unless staff chose another tier here. */
    private static final String KEEP_NEWER_TIER = "CASE WHEN excluded.risk_level = 'HIGH' AND resident.risk_level"
            + " NOT IN ('HIGH', 'MEDIUM', 'LOW') THEN resident.risk_level ELSE excluded.risk_level END";

    private final Database database;
    private final Clock clock;
    private final Map<String, Resident> residents = new ConcurrentHashMap<>();
    private final Map<String, Area> areas = new ConcurrentHashMap<>();
    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    public Community(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Forgets what it keeps of sites, grids and residents: another hub node changed some; read again on use. */
    public void forget() {
        residents.clear();
        areas.clear();
        sites.clear();
    }

    public Site addSite(String name, ZoneId timezone) {
        Site site = new Site(MessageIds.next(), name, timezone);
        write("INSERT INTO site (id, name, timezone, created_at) VALUES (?, ?, ?, ?)", site.id(), name,
                timezone.getId(), clock.millis());
        sites.put(site.id(), site);
        return site;
    }

    /** What a call's notification shows on a locked phone in this community: one of {@link Site#LOCK_SCREENS}. */
    public Site setLockScreen(String siteId, String lockScreen) {
        Site before = site(siteId).orElseThrow(() -> new IllegalArgumentException("no site '" + siteId + "'"));
        if (!Site.LOCK_SCREENS.contains(lockScreen)) {
            throw new IllegalArgumentException("'lockScreen' must be grid, kind or name");
        }
        write("UPDATE site SET lock_screen = ? WHERE id = ?", lockScreen, siteId);
        Site after = new Site(before.id(), before.name(), before.timezone(), lockScreen);
        sites.put(siteId, after);
        return after;
    }

    public Area addArea(String siteId, String name) {
        site(siteId).orElseThrow(() -> new IllegalArgumentException("no site '" + siteId + "'"));
        Area area = new Area(MessageIds.next(), siteId, name);
        write("INSERT INTO area (id, site_id, name) VALUES (?, ?, ?)", area.id(), siteId, name);
        areas.put(area.id(), area);
        return area;
    }

    public List<Site> sites() throws StoreException {
        return query("SELECT id, name, timezone, lock_screen FROM site ORDER BY name", rows ->
                new Site(rows.getString(1), rows.getString(2), ZoneId.of(rows.getString(3)), rows.getString(4)));
    }

    public Optional<Site> site(String id) {
        Site known = sites.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Optional<Site> found = first(query("SELECT id, name, timezone, lock_screen FROM site WHERE id = ?", rows ->
                    new Site(rows.getString(1), rows.getString(2), ZoneId.of(rows.getString(3)), rows.getString(4)), id));
            found.ifPresent(site -> sites.putIfAbsent(site.id(), site));
            return found;
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Area> areas() throws StoreException {
        return query("SELECT id, site_id, name FROM area ORDER BY name", Community::area);
    }

    public Optional<Area> area(String id) throws StoreException {
        Area known = areas.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Area> found = first(query("SELECT id, site_id, name FROM area WHERE id = ?", Community::area, id));
        found.ifPresent(area -> areas.putIfAbsent(area.id(), area));
        return found;
    }

    /** Stores a new file or replaces an existing one (same id). */
    public Resident saveResident(Resident resident) throws StoreException {
        if (area(resident.areaId()).isEmpty()) {
            throw new IllegalArgumentException("no area '" + resident.areaId() + "'");
        }
        Resident stored = resident.id() != null ? resident : resident.withId(MessageIds.next());
        long now = clock.millis();
        write("INSERT INTO resident (id, area_id, name, name_latin, address, room, phone, date_of_birth, language,"
                        + " languages, health_notes, medicines, mobility, contacts_json, risk_level, archived_at,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET area_id = excluded.area_id, name = excluded.name,"
                        + " name_latin = excluded.name_latin, address = excluded.address, room = excluded.room,"
                        + " phone = excluded.phone, date_of_birth = excluded.date_of_birth,"
                        + " language = excluded.language, languages = excluded.languages,"
                        + " health_notes = excluded.health_notes, medicines = excluded.medicines,"
                        + " mobility = excluded.mobility, contacts_json = excluded.contacts_json,"
                        + " risk_level = " + KEEP_NEWER_TIER + ", archived_at = excluded.archived_at,"
                        + " updated_at = excluded.updated_at",
                stored.id(), stored.areaId(), stored.name(), stored.nameLatin(), stored.address(), stored.room(),
                stored.phone(), stored.dateOfBirth() == null ? null : stored.dateOfBirth().toString(), stored.language(),
                String.join(",", stored.languages()), stored.healthNotes(), stored.medicines(), stored.mobility(),
                ContactsJson.write(stored.emergencyContacts()), stored.riskLevel().name(), stored.archived() ? now : null,
                now, now);
        // What the store now holds, read after the commit, replaces what was kept; a look-up that read the
        // old file meanwhile only fills an empty slot, so it cannot put the old one back.
        first(query(RESIDENT_COLUMNS + " WHERE id = ?", Community::resident, stored.id()))
                .ifPresent(saved -> residents.put(saved.id(), saved));
        return stored;
    }

    /**
     * Reads every resident's file once, at start: a call's first hop finds its resident in memory and never
     * waits on the database, even for the first call of a resident since the hub started.
     */
    public int readAllResidents() throws StoreException {
        List<Resident> all = query(RESIDENT_COLUMNS, Community::resident);
        all.forEach(resident -> residents.putIfAbsent(resident.id(), resident));
        return all.size();
    }

    public Optional<Resident> resident(String id) throws StoreException {
        Resident known = residents.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Resident> found = first(query(RESIDENT_COLUMNS + " WHERE id = ?", Community::resident, id));
        found.ifPresent(resident -> residents.putIfAbsent(resident.id(), resident));
        return found;
    }

    /**
     * What the residents' list is filtered by: words of the name (Chinese or Latin) or the room, a grid, a
     * risk level, a unit at the bedside, a community (a site id; "" for none); archived files only when asked
     * for. Null means any.
     */
    public record Search(String words, String areaId, Resident.RiskLevel risk, String deviceId, boolean archived,
                         String siteId) {
        public Search(String words, String areaId, Resident.RiskLevel risk, String deviceId, boolean archived) {
            this(words, areaId, risk, deviceId, archived, null);
        }

        public static Search all() {
            return new Search(null, null, null, null, false);
        }

        public static Search inArea(String areaId) {
            return new Search(null, areaId, null, null, false);
        }
    }

    /** A page of residents, by name. */
    public List<Resident> residents(Search search, int limit, int offset) throws StoreException {
        List<Object> args = new ArrayList<>();
        String where = where(search, args);
        args.add(limit);
        args.add(offset);
        return query(RESIDENT_COLUMNS + where + " ORDER BY name, id LIMIT ? OFFSET ?", Community::resident, args.toArray());
    }

    public int residentCount(Search search) throws StoreException {
        List<Object> args = new ArrayList<>();
        String where = where(search, args);
        return query("SELECT COUNT(*) FROM resident" + where, rows -> rows.getInt(1), args.toArray()).getFirst();
    }

    /** A page of residents, by name, optionally of one area. */
    public List<Resident> residents(String areaId, int limit, int offset) throws StoreException {
        return residents(Search.inArea(areaId), limit, offset);
    }

    public int residentCount(String areaId) throws StoreException {
        return residentCount(Search.inArea(areaId));
    }

    private static String where(Search search, List<Object> args) {
        List<String> terms = new ArrayList<>();
        terms.add(search.archived() ? "archived_at IS NOT NULL" : "archived_at IS NULL");
        if (search.words() != null && !search.words().isBlank()) {
            String like = "%" + search.words().strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            terms.add("(lower(name) LIKE ? ESCAPE '\\' OR lower(coalesce(name_latin, '')) LIKE ? ESCAPE '\\'"
                    + " OR lower(coalesce(room, '')) LIKE ? ESCAPE '\\')");
            args.add(like);
            args.add(like);
            args.add(like);
        }
        if (search.areaId() != null) {
            terms.add("area_id = ?");
            args.add(search.areaId());
        }
        if (search.siteId() != null) {
            terms.add("area_id IN (SELECT id FROM area WHERE site_id = ?)");
            args.add(search.siteId());
        }
        if (search.risk() != null) {
            terms.add("risk_level = ?");
            args.add(search.risk().name());
        }
        if (search.deviceId() != null) {
            terms.add("id IN (SELECT resident_id FROM device WHERE id = ?)");
            args.add(search.deviceId());
        }
        return " WHERE " + String.join(" AND ", terms);
    }

    private static final String RESIDENT_COLUMNS = "SELECT id, area_id, name, name_latin, address, room, phone,"
            + " date_of_birth, language, languages, health_notes, medicines, mobility, contacts_json, risk_level,"
            + " archived_at FROM resident";

    private static Area area(ResultSet rows) throws SQLException {
        return new Area(rows.getString(1), rows.getString(2), rows.getString(3));
    }

    private static Resident resident(ResultSet rows) throws SQLException {
        String born = rows.getString(8);
        String languages = rows.getString(10);
        rows.getLong(16);
        boolean archived = !rows.wasNull();
        try {
            return new Resident(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                    rows.getString(5), rows.getString(6), rows.getString(7), born == null ? null : LocalDate.parse(born),
                    languages == null ? List.of(rows.getString(9)) : List.of(languages.split(",")), rows.getString(11),
                    rows.getString(12), rows.getString(13),
                    ContactsJson.read(rows.getString(14)), riskLevel(rows.getString(15)), archived);
        } catch (JsonProcessingException e) {
            throw new SQLException("a resident's contacts are unreadable", e);
        }
    }

    /**
     * A stored tier; one a newer node wrote is read as HIGH (visited most often), and the save keeps the
     * stored word unless staff chose another tier ({@link #KEEP_NEWER_TIER}).
     */
    private static Resident.RiskLevel riskLevel(String stored) {
        return StoredNames.read(Resident.RiskLevel.class, stored, Resident.RiskLevel.HIGH);
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) throws StoreException {
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
