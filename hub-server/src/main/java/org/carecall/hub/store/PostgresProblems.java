package org.carecall.hub.store;

import java.sql.SQLException;

/** Why a PostgreSQL database could not be used, in one sentence that names where it is. */
final class PostgresProblems {
    private PostgresProblems() {
    }

    static SQLException sentence(StoreSettings settings, SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        String why = switch (state) {
            case "28P01" -> "the password of user '" + settings.user() + "' was refused";
            case "28000" -> "user '" + settings.user() + "' may not log in there";
            case "3D000" -> "that database does not exist (create it first, empty)";
            case "08001", "08004", "08006" -> "nothing answers there (" + failure.getMessage() + ")";
            default -> failure.getMessage();
        };
        return new SQLException("cannot use the PostgreSQL database at " + settings.where() + ": " + why, state, failure);
    }
}
