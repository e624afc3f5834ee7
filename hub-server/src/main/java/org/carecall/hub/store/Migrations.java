package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway: the shared scripts under {@code db/migration} and the
 * engine's own under {@code db/sqlite} or {@code db/postgresql}, each applied once, in order, and
 * recorded in {@code flyway_schema_history}. To change the schema, add the next script; never edit one
 * that has shipped.
 *
 * <p>Hubs before Flyway kept their own {@code schema_version} table: such a database is taken over at
 * the version it reached (Flyway's baseline), so nothing in it is run again or lost. A database written
 * by a newer hub is refused, in one sentence, before anything is changed.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** The last version the hub's own scheme wrote; the scripts up to it are the same as Flyway's V1 to V6. */
    static final int LAST_OWN_VERSION = 6;

    private Migrations() {
    }

    static void apply(DataSource source, Engine engine) throws SQLException {
        int ownVersion = ownSchemaVersion(source);
        if (ownVersion > LAST_OWN_VERSION) {
            throw newer("schema version " + ownVersion);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration", engine.migrations())
                .placeholders(engine.placeholders())
                .baselineOnMigrate(ownVersion > 0)
                .baselineVersion(String.valueOf(Math.max(1, ownVersion)))
                .baselineDescription("taken over from schema_version")
                .load();
        try {
            for (MigrationInfo applied : flyway.info().applied()) {
                if (applied.getState() == MigrationState.FUTURE_SUCCESS) {
                    throw newer("migration " + applied.getVersion() + " (" + applied.getDescription() + ")");
                }
            }
            int done = flyway.migrate().migrationsExecuted;
            if (done > 0 || ownVersion > 0) {
                log.info("database schema at version {} ({} migrations applied now{})", flyway.info().current().getVersion(),
                        done, ownVersion > 0 ? ", taken over at version " + ownVersion : "");
            }
        } catch (FlywayException e) {
            throw new SQLException("the database schema could not be brought up to date: " + e.getMessage(), e);
        }
    }

    /** The version a hub from before Flyway recorded, or 0 when there is no such record. */
    private static int ownSchemaVersion(DataSource source) throws SQLException {
        try (Connection connection = source.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet tables = meta.getTables(null, null, "schema_version", new String[] {"TABLE"})) {
                if (!tables.next()) {
                    return 0;
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private static SQLException newer(String what) {
        return new SQLException("the database is at " + what + ", which this hub does not know; it was written by a"
                + " newer CareCall. Upgrade the hub, do not downgrade.");
    }
}
