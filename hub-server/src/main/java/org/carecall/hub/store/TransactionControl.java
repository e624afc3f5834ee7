package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The statements that open and close a group's transaction and each task's savepoint, compiled once.
 * {@code next} releases the last task's savepoint and makes the next one's: on PostgreSQL both travel in
 * one round trip (the driver sends a statement's parts together); SQLite runs them one by one.
 */
record TransactionControl(PreparedStatement begin, PreparedStatement savepoint, PreparedStatement release,
                          PreparedStatement next, PreparedStatement rollbackTo, PreparedStatement commit) {
    static TransactionControl prepare(Connection connection, Engine engine) throws SQLException {
        return new TransactionControl(connection.prepareStatement(engine.begin()),
                connection.prepareStatement("SAVEPOINT task"), connection.prepareStatement("RELEASE task"),
                engine == Engine.POSTGRESQL ? connection.prepareStatement("RELEASE task; SAVEPOINT task") : null,
                connection.prepareStatement("ROLLBACK TO task"), connection.prepareStatement("COMMIT"));
    }

    /** A task's savepoint; {@code releasing}: the task before it left one, released first. */
    void savepoint(boolean releasing) throws SQLException {
        if (!releasing) {
            savepoint.execute();
        } else if (next != null) {
            next.execute();
        } else {
            release.execute();
            savepoint.execute();
        }
    }

    void close() {
        for (PreparedStatement statement : Stream.of(begin, savepoint, release, next, rollbackTo,
                commit).filter(Objects::nonNull).toList()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // made afresh anyway
            }
        }
    }
}
