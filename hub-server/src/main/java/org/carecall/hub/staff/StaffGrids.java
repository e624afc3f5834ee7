package org.carecall.hub.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grids each member of staff works in, the owner of the {@code staff_area} table.
 *
 * <p>Guarantees: an account's grids are written in the same transaction as the account they belong to
 * (the callers pass their connection), and this node remembers them only once that transaction committed;
 * no grids means the whole community.
 */
final class StaffGrids {
    private final Map<String, List<String>> grids = new ConcurrentHashMap<>();

    /** The grids a member of staff works in; empty means the whole community. */
    List<String> of(String staffId) {
        return grids.getOrDefault(staffId, List.of());
    }

    /** Remembers an account's grids once they are stored. */
    void remember(String staffId, List<String> areaIds) {
        grids.put(staffId, List.copyOf(areaIds));
    }

    /** Replaces an account's grids in the store, inside the caller's transaction. */
    static void store(Connection connection, String staffId, List<String> areaIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_area WHERE staff_id = ?")) {
            delete.setString(1, staffId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO staff_area (staff_id, area_id) VALUES (?, ?)")) {
            for (String areaId : areaIds) {
                insert.setString(1, staffId);
                insert.setString(2, areaId);
                insert.executeUpdate();
            }
        }
    }

    /** Every account's grids as the store has them. */
    static Map<String, List<String>> read(Connection connection) throws SQLException {
        Map<String, List<String>> read = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT staff_id, area_id FROM staff_area ORDER BY staff_id, area_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                read.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        Map<String, List<String>> copied = new HashMap<>();
        read.forEach((id, areas) -> copied.put(id, List.copyOf(areas)));
        return copied;
    }

    /** Takes what {@link #read} found in place of what was known. */
    void replace(Map<String, List<String>> read) {
        StaffDirectory.replace(grids, read);
    }
}
