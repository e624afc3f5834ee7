package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

class MigrationsTest {
    /** The scripts in the order the hub's own scheme ran them before Flyway, V1 holding the triggers. */
    private static final List<String> OWN_SCHEME = List.of("migration/V1__devices_alarms_audit.sql",
            "sqlite/V1_1__audit_log_append_only.sql", "migration/V2__people_roster_escalation.sql",
            "migration/V3__enrolment_codes.sql", "migration/V4__weekly_tests.sql", "migration/V5__password_change.sql",
            "migration/V6__running_the_community.sql");

    @Test
    void aFreshStoreGetsEveryScriptOnceAndOpeningAgainChangesNothing() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        Database.open(dir).close();
        List<String> first = history(dir);
        Database.open(dir).close();

        assertThat(first).containsExactly("1", "1.1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "19", "22", "23", "24");
        assertThat(history(dir)).isEqualTo(first);
    }

    @Test
    void aFreshStoreHasTheSameTablesAsOneTheOwnSchemeBuilt() throws Exception {
        Path fresh = Files.createTempDirectory("carecall-migrations-");
        Database.open(fresh).close();
        Path own = Files.createTempDirectory("carecall-migrations-");
        ownScheme(own, 6);
        Database.open(own).close(); // taken over, then given what came after the old runner

        assertThat(schema(fresh)).isNotEmpty().isEqualTo(schema(own));
    }

    @Test
    void aStoreOfTheHubsOwnSchemeIsTakenOverWithItsData() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        ownScheme(dir, 6);
        sql(dir, "INSERT INTO alarm (id, device_id, kind, state, raised_at, received_at, last_press_at, updated_at)"
                + " VALUES ('a-1', 'bed-1', 'CALL_BUTTON', 'RECEIVED', 1, 2, 2, 2)");

        Database.open(dir).close();

        assertThat(history(dir)).containsExactly("6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "19", "22", "23", "24");
        assertThat(count(dir, "SELECT COUNT(*) FROM alarm WHERE id = 'a-1'")).isEqualTo(1);
        assertThat(count(dir, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")).isEqualTo(2);
    }

    @Test
    void anOlderStoreOfTheOwnSchemeGetsTheScriptsItLacks() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        ownScheme(dir, 3);

        Database.open(dir).close();

        assertThat(history(dir)).containsExactly("3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "19", "22", "23", "24");
        assertThat(count(dir, "SELECT COUNT(*) FROM pragma_table_info('resident') WHERE name = 'name_latin'"))
                .isEqualTo(1);
    }

    @Test
    void aStoreWrittenByANewerHubIsRefusedAndLeftAlone() throws Exception {
        Path own = Files.createTempDirectory("carecall-migrations-");
        ownScheme(own, 6);
        sql(own, "INSERT INTO schema_version VALUES (7, 'V7__from_the_future.sql', 0)");
        Path flyway = Files.createTempDirectory("carecall-migrations-");
        Database.open(flyway).close();
        sql(flyway, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__x.sql',"
                + " 'hub', 0, 1)");
        sql(flyway, "UPDATE schema_compatibility SET compatible_down_to = 99"); // older nodes cannot live with it

        assertThatThrownBy(() -> Database.open(own)).isInstanceOf(SQLException.class)
                .hasMessageContaining("schema version 7").hasMessageContaining("newer CareCall");
        assertThatThrownBy(() -> Database.open(flyway)).isInstanceOf(SQLException.class)
                .hasMessageContaining("migration 99").hasMessageContaining("newer CareCall");
        assertThat(count(own, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'flyway_schema_history'")).isZero();
    }

    @Test
    void aStoreANewerNodeMigratedCompatiblyIsRunOnByAnOlderNodeWhichAppliesNothing() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        Migrations.apply(source(dir), Engine.SQLITE, List.of("classpath:db/newer/additive"), Migrations.COMPATIBLE_DOWN_TO);
        List<String> migrated = history(dir);

        try (Database older = Database.open(dir)) {
            assertThat(older.schemaKnown()).isEqualTo(24);
        }
        assertThat(migrated).endsWith("24", "900");
        assertThat(history(dir)).isEqualTo(migrated);
    }

    @Test
    void aStoreANewerNodeMigratedIncompatiblyIsRefusedByAnOlderNodeInOneSentence() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        Migrations.apply(source(dir), Engine.SQLITE, List.of("classpath:db/newer/breaking"), 900);

        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(SQLException.class)
                .hasMessageContaining("migration 900").hasMessageContaining("needs nodes that know schema version 900")
                .hasMessageContaining("this one knows 24").hasMessageContaining("newer CareCall");
    }

    @Test
    void aStoreMarkedForNodesThatKnowMoreRefusesAnOlderNodeBeforeTheMigrationItWaitsForIsApplied() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        Database.open(dir).close();
        // A newer node marks the store before its migration's scripts run: an older node starting meanwhile
        // (or after those scripts failed) sees the mark and no newer migration yet.
        sql(dir, "UPDATE schema_compatibility SET compatible_down_to = 900");
        List<String> migrated = history(dir);

        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(SQLException.class)
                .hasMessageContaining("needs nodes that know schema version 900")
                .hasMessageContaining("this one knows 24").hasMessageContaining("newer CareCall");
        assertThat(history(dir)).isEqualTo(migrated);
        assertThat(count(dir, "SELECT compatible_down_to FROM schema_compatibility")).isEqualTo(900);
    }

    @Test
    void aNewerNodeRefusesAMigrationOlderNodesCannotLiveWithWhileOneIsAliveAndAppliesItOnceNoneIs() throws Exception {
        Path dir = Files.createTempDirectory("carecall-migrations-");
        Database.open(dir).close();
        long now = System.currentTimeMillis();
        sql(dir, "INSERT INTO hub_node (id, instance, started_at, seen_at, schema_version) VALUES ('hub-a', 'i-a', 0, "
                + now + ", 24), ('hub-b', 'i-b', 0, " + now + ", NULL), ('hub-c', 'i-c', 0, " + (now - 60_000) + ", 1)");

        assertThatThrownBy(() -> Migrations.apply(source(dir), Engine.SQLITE, List.of("classpath:db/newer/breaking"), 900))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("needs every node to know schema version 900")
                .hasMessageContaining("hub-a (knows 24), hub-b (knows 23)").hasMessageNotContaining("hub-c");
        assertThat(history(dir)).doesNotContain("900");
        assertThat(count(dir, "SELECT compatible_down_to FROM schema_compatibility")).isEqualTo(23);

        sql(dir, "UPDATE hub_node SET seen_at = " + (now - 60_000)); // both stopped: their rows went stale
        Migrations.apply(source(dir), Engine.SQLITE, List.of("classpath:db/newer/breaking"), 900);

        assertThat(history(dir)).endsWith("900");
        assertThat(count(dir, "SELECT compatible_down_to FROM schema_compatibility")).isEqualTo(900);
    }

    private static SQLiteDataSource source(Path dir) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("carecall-hub.db"));
        return source;
    }

    /** A store as the hub's own scheme left it at {@code version}: its scripts run, each recorded. */
    private static void ownScheme(Path dir, int version) throws Exception {
        try (Connection connection = connect(dir); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL,"
                    + " applied_at INTEGER NOT NULL)");
            for (String script : OWN_SCHEME) {
                int scriptVersion = Integer.parseInt(script.replaceAll(".*/V(\\d+).*", "$1"));
                if (scriptVersion > version) {
                    break;
                }
                for (String sql : load(script).split(";\n")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
                if (!script.contains("V1_1")) {
                    statement.execute("INSERT INTO schema_version VALUES (" + scriptVersion + ", '" + script + "', 0)");
                }
            }
        }
    }

    private static String load(String script) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/" + script)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${bigint}", "INTEGER").replace("${serial}", "INTEGER PRIMARY KEY AUTOINCREMENT");
        }
    }

    private static List<String> history(Path dir) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection connection = connect(dir); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1"
                     + " ORDER BY installed_rank")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }

    /** Every table, index and trigger but the schema histories, as SQLite keeps their definitions. */
    private static List<String> schema(Path dir) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Connection connection = connect(dir); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE"
                     + " '%schema_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name")) {
            while (rows.next()) {
                definitions.add(rows.getString(1) + " " + rows.getString(2) + ": " + rows.getString(3));
            }
        }
        return definitions;
    }

    private static int count(Path dir, String sql) throws SQLException {
        try (Connection connection = connect(dir); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getInt(1) : -1;
        }
    }

    private static void sql(Path dir, String sql) throws SQLException {
        try (Connection connection = connect(dir); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("carecall-hub.db"));
    }
}
