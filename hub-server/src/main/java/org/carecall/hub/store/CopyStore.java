package org.carecall.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a community from its embedded store into PostgreSQL ({@code carecall hub copy-store --to URL}):
 * every row of every table (files, units and their secrets' hashes, staff and their sessions, roster,
 * policies, calls with their timelines, the audit log), on a stopped hub, into an empty database, in one
 * transaction, then the rows of each table counted on both sides. Anything short of that changes nothing.
 */
public final class CopyStore {
    private static final int BATCH = 500;
    /** The schema histories (and what nodes must know) belong to each store; the target's own migrations write them. */
    private static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "schema_version", "sqlite_sequence",
            "schema_compatibility");

    /** How many rows of a table were copied. */
    public record Copied(String table, long rows) {
    }

    private CopyStore() {
    }

    public static List<Copied> copy(Path dataDir, StoreSettings to) throws SQLException, StoreException, IOException {
        if (to.embedded()) {
            throw new IllegalArgumentException("copy-store needs --to jdbc:postgresql://host:port/db");
        }
        if (!Files.isRegularFile(dataDir.resolve("carecall-hub.db"))) {
            throw new IOException("there is no embedded store in " + dataDir.toAbsolutePath());
        }
        HubLock lock;
        try {
            lock = HubLock.acquire(dataDir);
        } catch (IOException running) {
            throw new IOException("a hub is running on " + dataDir + "; stop it before copying its store", running);
        }
        try (lock; Database source = Database.open(dataDir); Database target = Database.postgres(to)) {
            // One read of the whole SQLite file, inside one PostgreSQL transaction: all of it arrives or none.
            List<Copied> copied = source.read(from -> target.writer().urgent(connection -> {
                List<String> tables = tablesInOrder(from);
                refuseIfNotEmpty(connection, tables, to);
                List<Copied> counts = new ArrayList<>();
                for (String table : tables) {
                    counts.add(new Copied(table, copyTable(from, connection, table)));
                }
                restartSequences(connection, tables);
                return counts;
            }).join());
            for (Copied table : copied) {
                long there = target.read(connection -> count(connection, table.table()));
                if (there != table.rows()) {
                    throw new StoreException("table " + table.table() + " has " + there + " rows in PostgreSQL but "
                            + table.rows() + " were copied", null, false);
                }
            }
            return copied;
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof StoreException store ? store
                    : new StoreException(String.valueOf(e.getCause().getMessage()), e.getCause(), false);
        }
    }

    /** The tables, each after those it refers to, so that every foreign key finds its row. */
    private static List<String> tablesInOrder(Connection sqlite) throws SQLException {
        Map<String, Set<String>> refersTo = new LinkedHashMap<>();
        try (Statement statement = sqlite.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rows.next()) {
                if (!NOT_COPIED.contains(rows.getString(1))) {
                    refersTo.put(rows.getString(1), new LinkedHashSet<>());
                }
            }
        }
        for (String table : refersTo.keySet()) {
            try (Statement statement = sqlite.createStatement();
                 ResultSet keys = statement.executeQuery("SELECT \"table\" FROM pragma_foreign_key_list('" + table + "')")) {
                while (keys.next()) {
                    if (!keys.getString(1).equals(table)) {
                        refersTo.get(table).add(keys.getString(1));
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < refersTo.size()) {
            boolean progress = false;
            for (Map.Entry<String, Set<String>> table : refersTo.entrySet()) {
                if (!ordered.contains(table.getKey()) && ordered.containsAll(table.getValue())) {
                    ordered.add(table.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                throw new SQLException("the tables refer to each other in a circle: " + refersTo);
            }
        }
        return Collections.unmodifiableList(ordered);
    }

    private static void refuseIfNotEmpty(Connection postgres, List<String> tables, StoreSettings to) throws SQLException {
        for (String table : tables) {
            long rows = count(postgres, table);
            if (rows > 0) {
                throw new SQLException("the PostgreSQL database at " + to.where() + " is not empty (" + table + " has "
                        + rows + " rows); copy-store copies into an empty database only");
            }
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        long copied = 0;
        try (Statement select = from.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData columns = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                names.add(columns.getColumnName(i));
            }
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
            Map<String, String> types = columnTypes(to, table);
            try (PreparedStatement into = to.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= names.size(); i++) {
                        // SQLite keeps what it was given; PostgreSQL wants each column's own type.
                        Object value = "text".equals(types.get(names.get(i - 1))) ? rows.getString(i) : rows.getObject(i);
                        into.setObject(i, value);
                    }
                    into.addBatch();
                    if (++copied % BATCH == 0) {
                        into.executeBatch();
                    }
                }
                into.executeBatch();
            }
        }
        return copied;
    }

    private static Map<String, String> columnTypes(Connection postgres, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement query = postgres.prepareStatement("SELECT column_name, data_type FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
            query.setString(1, table);
            try (ResultSet columns = query.executeQuery()) {
                while (columns.next()) {
                    types.put(columns.getString(1), columns.getString(2));
                }
            }
        }
        return types;
    }

    /** Auto-numbered keys go on after the highest copied one, not from 1 again. */
    private static void restartSequences(Connection postgres, List<String> tables) throws SQLException {
        for (String table : tables) {
            try (PreparedStatement identity = postgres.prepareStatement("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'")) {
                identity.setString(1, table);
                try (ResultSet columns = identity.executeQuery()) {
                    while (columns.next()) {
                        String column = columns.getString(1);
                        try (Statement statement = postgres.createStatement()) {
                            statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'),"
                                    + " COALESCE((SELECT MAX(" + column + ") FROM " + table + "), 0) + 1, false)");
                        }
                    }
                }
            }
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
