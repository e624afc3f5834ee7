package org.carecall.hub.support;

import java.sql.Statement;
import org.carecall.hub.store.Database;

/**
 * What a hub node of a newer release writes into the shared store: kinds, states and fields this node's code
 * does not know. Tests write such rows with plain SQL, as the newer node's code would, and then read them
 * with this node's.
 */
public final class NewerNode {
    private NewerNode() {
    }

    /** Runs one statement on the store's writer, as another node's write; returns the rows it changed. */
    public static int writes(Database database, String sql) {
        return database.writer().routine(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate(sql);
            }
        }).join();
    }
}
