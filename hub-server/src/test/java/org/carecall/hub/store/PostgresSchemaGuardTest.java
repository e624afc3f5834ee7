package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema guard on PostgreSQL, where several nodes share the store: a migration older nodes cannot live
 * with waits until none is alive, and then older nodes are refused at their start.
 */
class PostgresSchemaGuardTest {
    @Test
    void aBreakingMigrationIsRefusedWhileAnOlderNodeLivesThenAppliedAndThenTheOlderNodeIsRefused() throws Exception {
        String url = TestPostgres.shared().newDatabase();
        Database.postgres(settings(url)).close();
        sql(url, "INSERT INTO hub_node (id, instance, started_at, seen_at, schema_version) VALUES ('hub-a', 'i-a', 0, "
                + System.currentTimeMillis() + ", 24)");

        assertThatThrownBy(() -> Migrations.apply(source(url), Engine.POSTGRESQL, List.of("classpath:db/newer/breaking"),
                900)).isInstanceOf(SQLException.class).hasMessageContaining("hub-a (knows 24)");
        assertThat(number(url, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '900'")).isZero();

        sql(url, "UPDATE hub_node SET seen_at = 0"); // hub-a stopped long ago
        Migrations.apply(source(url), Engine.POSTGRESQL, List.of("classpath:db/newer/breaking"), 900);

        assertThat(number(url, "SELECT compatible_down_to FROM schema_compatibility")).isEqualTo(900);
        assertThatThrownBy(() -> Database.postgres(settings(url))).isInstanceOf(SQLException.class)
                .hasMessageContaining("needs nodes that know schema version 900").hasMessageContaining("newer CareCall");
    }

    private static StoreSettings settings(String url) {
        return new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD);
    }

    private static PGSimpleDataSource source(String url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        source.setUser(TestPostgres.USER);
        source.setPassword(TestPostgres.PASSWORD);
        return source;
    }

    private static void sql(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int number(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getInt(1) : -1;
        }
    }
}
