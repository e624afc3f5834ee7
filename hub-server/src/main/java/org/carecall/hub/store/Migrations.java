package org.carecall.hub.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date from numbered SQL scripts under {@code db/}, each applied once, in order,
 * in its own transaction, and recorded in {@code schema_version}. A small scheme rather than a migration
 * library: the hub has one embedded database, its scripts are plain SQL, and this keeps the jar small.
 * To change the schema, add the next script to {@link #SCRIPTS}; never edit one that has shipped.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    static final List<String> SCRIPTS = List.of(
            "V1__devices_alarms_audit.sql",
            "V2__people_roster_escalation.sql",
            "V3__enrolment_codes.sql",
            "V4__weekly_tests.sql",
            "V5__password_change.sql",
            "V6__running_the_community.sql");

    private Migrations() {
    }

    static void apply(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
                    + " applied_at INTEGER NOT NULL)");
        }
        int current = currentVersion(connection);
        if (current > SCRIPTS.size()) {
            throw new SQLException("the database is at schema version " + current + " but this hub knows only "
                    + SCRIPTS.size() + "; it was written by a newer CareCall. Upgrade the hub, do not downgrade.");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(load(script))) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version VALUES (" + version + ", '" + script + "', "
                        + System.currentTimeMillis() + ")");
                connection.commit();
                log.info("database schema migrated to version {} ({})", version, script);
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static String load(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
            if (in == null) {
                throw new SQLException("migration script db/" + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + script, e);
        }
    }

    /** Splits a script at semicolons that end a line, keeping trigger bodies (BEGIN ... END;) whole. */
    static List<String> statements(String script) {
        List<String> result = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            String upper = trimmed.toUpperCase();
            if (upper.startsWith("CREATE TRIGGER")) {
                inTrigger = true;
            }
            boolean ends = trimmed.endsWith(";") && (!inTrigger || upper.endsWith("END;"));
            if (ends) {
                result.add(current.toString().strip());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.isEmpty()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
