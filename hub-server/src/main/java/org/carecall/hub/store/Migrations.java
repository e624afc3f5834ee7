package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
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
 * the version it reached (Flyway's baseline), so nothing in it is run again or lost.
 *
 * <p>Nodes sharing one database are upgraded one at a time, so a store may run ahead of a node's code. The
 * store records the oldest schema version a node must know to run on it ({@link SchemaCompatibility}): this
 * build raises it to {@link #COMPATIBLE_DOWN_TO}. Guarantees: a node whose code does not know that version
 * refuses to start, in one sentence, before it changes or reads anything (also while the migration that
 * raised it is still being applied); one that knows it starts beside newer migrations without applying any;
 * and a node that would raise it refuses to migrate while a node that knows less is alive, so no older node
 * ever runs on a schema it cannot live with.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** The last version the hub's own scheme wrote; the scripts up to it are the same as Flyway's V1 to V6. */
    static final int LAST_OWN_VERSION = 6;
    /**
     * The oldest schema version a node's code must know to run on a store this build migrated. Raise it to a
     * new migration's version when older code cannot live with that migration (a column it writes is dropped
     * or renamed, a word it relies on changes meaning), and list the release in docs/deployment.md, "Upgrading
     * node by node": all its nodes are then upgraded together. Adding tables, columns or words is not such.
     */
    static final int COMPATIBLE_DOWN_TO = 23;

    private Migrations() {
    }

    /** Brings the schema up to date; returns the newest schema version this build's scripts know. */
    static int apply(DataSource source, Engine engine) throws SQLException {
        return apply(source, engine, List.of(), COMPATIBLE_DOWN_TO);
    }

    /** As {@link #apply(DataSource, Engine)}, with more script locations and another compatibility (for tests). */
    static int apply(DataSource source, Engine engine, List<String> moreLocations, int compatibleDownTo)
            throws SQLException {
        int ownVersion = ownSchemaVersion(source);
        if (ownVersion > LAST_OWN_VERSION) {
            throw newer("schema version " + ownVersion);
        }
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration", engine.migrations()));
        locations.addAll(moreLocations);
        Flyway flyway = Flyway.configure()
                .dataSource(source)
                .locations(locations.toArray(String[]::new))
                .placeholders(engine.placeholders())
                .baselineOnMigrate(ownVersion > 0)
                .baselineVersion(String.valueOf(Math.max(1, ownVersion)))
                .baselineDescription("taken over from schema_version")
                .load();
        SchemaCompatibility compatibility = new SchemaCompatibility(source);
        try {
            MigrationInfoService info = flyway.info();
            int known = known(info);
            MigrationInfo newest = null;
            for (MigrationInfo applied : info.applied()) {
                if (applied.getState() == MigrationState.FUTURE_SUCCESS) {
                    newest = applied;
                }
            }
            int required = compatibility.compatibleDownTo();
            if (newest != null) {
                return beside(newest, required, known);
            }
            if (required > known) {
                // A newer node marked the store and is applying (or failed to apply) the migration that needs it.
                throw new SQLException("the database is being migrated by a newer CareCall to schema version "
                        + required + ", which needs nodes that know schema version " + required + " (this one knows "
                        + known + "). Upgrade the hub, do not downgrade.");
            }
            if (compatibleDownTo > required) {
                List<String> older = compatibility.livingNodesBelow(compatibleDownTo);
                if (!older.isEmpty()) {
                    throw new SQLException("this hub's schema needs every node to know schema version " + compatibleDownTo
                            + ", and older nodes are running on this database: " + String.join(", ", older)
                            + ". Stop them (a stopped node counts as gone " + SchemaCompatibility.ALIVE_MS / 1000
                            + " s after its last beat), then start this one; docs/deployment.md, Upgrading node by node.");
                }
                compatibility.raise(compatibleDownTo); // before the scripts: an older node starting meanwhile refuses
            }
            int done = flyway.migrate().migrationsExecuted;
            compatibility.raise(compatibleDownTo); // a store that had no table for it has one now
            if (done > 0 || ownVersion > 0) {
                log.info("database schema at version {} ({} migrations applied now{})", flyway.info().current().getVersion(),
                        done, ownVersion > 0 ? ", taken over at version " + ownVersion : "");
            }
            return known;
        } catch (FlywayException e) {
            throw new SQLException("the database schema could not be brought up to date: " + e.getMessage(), e);
        }
    }

    /**
     * A store a newer node migrated: this node runs on it, applying nothing, if the store says nodes that know
     * {@code known} may; otherwise it refuses before it reads anything.
     */
    private static int beside(MigrationInfo newest, int required, int known) throws SQLException {
        String what = "migration " + newest.getVersion() + " (" + newest.getDescription() + ")";
        if (required > known) {
            throw newer(what + ", which needs nodes that know schema version " + required + " (this one knows "
                    + known + ")");
        }
        log.warn("the database is at {}, written by a newer CareCall that nodes knowing schema version {} may run"
                + " beside; this node knows {} and starts without migrating. Upgrade it soon.", what, required, known);
        return known;
    }

    /** The newest schema version among this build's own scripts. */
    private static int known(MigrationInfoService info) {
        int known = 0;
        for (MigrationInfo migration : info.all()) {
            if (migration.getState().isResolved() && migration.getVersion() != null) {
                known = Math.max(known, migration.getVersion().getMajor().intValue());
            }
        }
        return known;
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
