package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the store says about which nodes may run on it while nodes are upgraded one at a time: the oldest
 * schema version a node's code must know ({@code schema_compatibility}), and which living nodes know less
 * ({@code hub_node.schema_version}, refreshed by each node with its row). Until the table exists (a store
 * not yet at version 24) the store asks nothing, and a node that does not say what it knows is taken to
 * know {@link #BEFORE_NODES_SAID}.
 */
final class SchemaCompatibility {
    /** The last version before nodes said which version they know (V24 made them say it). */
    static final int BEFORE_NODES_SAID = 23;
    /** A node whose row was refreshed within this is alive: as {@code cluster.HubNodes.STALE}. */
    static final long ALIVE_MS = 10_000;

    private final DataSource source;

    SchemaCompatibility(DataSource source) {
        this.source = source;
    }

    /** The oldest schema version a node's code must know to run on this store; 0 when it says none. */
    int compatibleDownTo() throws SQLException {
        try (Connection connection = source.getConnection()) {
            if (!hasTable(connection, "schema_compatibility")) {
                return 0;
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT compatible_down_to FROM schema_compatibility WHERE id = 1");
                 ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    /** Records that nodes must know {@code version} from now on (never lowers it); nothing before V24. */
    void raise(int version) throws SQLException {
        try (Connection connection = source.getConnection()) {
            if (!hasTable(connection, "schema_compatibility")) {
                return;
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO schema_compatibility (id,"
                    + " compatible_down_to, raised_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                    + " compatible_down_to = excluded.compatible_down_to, raised_at = excluded.raised_at"
                    + " WHERE schema_compatibility.compatible_down_to < excluded.compatible_down_to")) {
                upsert.setInt(1, version);
                upsert.setLong(2, System.currentTimeMillis());
                upsert.executeUpdate();
            }
        }
    }

    /** The living nodes whose code knows less than {@code version}, each as "id (knows N)". */
    List<String> livingNodesBelow(int version) throws SQLException {
        List<String> older = new ArrayList<>();
        try (Connection connection = source.getConnection()) {
            if (!hasTable(connection, "hub_node")) {
                return older;
            }
            boolean said = hasColumn(connection, "hub_node", "schema_version");
            try (PreparedStatement query = connection.prepareStatement("SELECT id, "
                    + (said ? "schema_version" : "NULL") + " FROM hub_node WHERE seen_at > ? ORDER BY id")) {
                query.setLong(1, System.currentTimeMillis() - ALIVE_MS);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        int known = rows.getInt(2);
                        known = rows.wasNull() ? BEFORE_NODES_SAID : known;
                        if (known < version) {
                            older.add(rows.getString(1) + " (knows " + known + ")");
                        }
                    }
                }
            }
        }
        return older;
    }

    private static boolean hasTable(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet columns = meta.getColumns(null, null, table, column)) {
            return columns.next();
        }
    }
}
